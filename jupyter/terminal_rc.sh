# bash start-up for a terminal opened in JupyterLab from `make lab`: the user's own ~/.bashrc
# first (it may put pyenv or conda first on PATH), then the project's environment in front of it.
[ -f ~/.bashrc ] && . ~/.bashrc
if [ -n "$VIRTUAL_ENV" ]; then
  PATH="$VIRTUAL_ENV/bin:$PATH"
  export PATH
fi
