using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace WeChat.OfficialAccount.GeneratorTiming
{
    /// <summary>
    /// CPU time used by this process on all its threads. On a shared machine the wall clock also counts the time other
    /// processes held the cores; CPU time counts only the work. Linux reads CLOCK_PROCESS_CPUTIME_ID (nanoseconds), since
    /// <see cref="Process.TotalProcessorTime"/> there advances in 10 ms clock ticks; elsewhere that is the fallback.
    /// </summary>
    internal static class ProcessCpuTime
    {
        private const int ClockProcessCpuTimeId = 2;

        public static TimeSpan Now()
        {
            if (OperatingSystem.IsLinux() && ClockGetTime(ClockProcessCpuTimeId, out TimeSpec spec) == 0)
            {
                return TimeSpan.FromTicks(spec.Seconds * TimeSpan.TicksPerSecond + spec.Nanoseconds / 100);
            }

            using Process self = Process.GetCurrentProcess();
            return self.TotalProcessorTime;
        }

        [DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec time);

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }
    }
}
