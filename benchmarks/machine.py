"""When and where a benchmark ran: every benchmark's JSON carries this as ``measured``, and
benchmarks/speed_table.py prints it beside the figures (timings on a busy machine say little
without the load they were taken under)."""
import datetime as dt
import os
import platform


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def stamp() -> dict:
    """UTC time, CPU, cores, load average (1, 5, 15 min), system and Python."""
    return {"utc": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M"), "cpu": cpu_model(),
            "cores": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
            "system": f"{platform.system()} {platform.release()}", "python": platform.python_version()}
