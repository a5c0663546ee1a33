from scalyr_agent import ScalyrMonitor

class Broken(ScalyrMonitor):
    def gather_sample(self):
        return 1 / 0
