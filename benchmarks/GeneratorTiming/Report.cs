using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace WeChat.OfficialAccount.GeneratorTiming
{
    /// <summary>
    /// The results as two Markdown tables: the times (median and p95, nearest rank) with the verdict, and what each run
    /// did. The verdict is on the wall clock of the driver call, which covers the generator's own time; it is given for the
    /// median and for the p95, which on a shared machine also carries other processes. Parsing the generated trees is the
    /// compiler's next step, shown beside it and not judged.
    /// </summary>
    internal sealed class Report
    {
        private readonly List<string> _times = new();
        private readonly List<string> _work = new();

        public void Add(string scenario, IReadOnlyList<RunSample> samples, TimeSpan target)
        {
            TimeSpan wallMedian = Percentile(samples.Select(s => s.Wall), 0.5);
            TimeSpan wallP95 = Percentile(samples.Select(s => s.Wall), 0.95);
            _times.Add(Row(
                scenario,
                samples.Count.ToString(CultureInfo.InvariantCulture),
                Ms(Percentile(samples.Select(s => s.Generator), 0.5)),
                Ms(Percentile(samples.Select(s => s.Generator), 0.95)),
                Ms(wallMedian),
                Ms(wallP95),
                $"< {Ms(target)}: median {Verdict(wallMedian, target)}, p95 {Verdict(wallP95, target)}",
                Ms(Percentile(samples.Select(s => s.Wall + s.TreeParse), 0.5)),
                Ms(Percentile(samples.Select(s => s.Wall + s.TreeParse), 0.95))));
            _work.Add(Row(
                scenario,
                Median(samples.Select(s => (double)s.Regenerated)).ToString("0", CultureInfo.InvariantCulture) + " / " + samples[0].Generated.ToString(CultureInfo.InvariantCulture),
                Ms(Percentile(samples.Select(s => s.TreeParse), 0.5)),
                Ms(Percentile(samples.Select(s => s.Cpu), 0.5)),
                Ms(Percentile(samples.Select(s => s.Cpu), 0.95)),
                (Median(samples.Select(s => (double)s.Allocated)) / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
                Median(samples.Select(s => (double)s.Collections)).ToString("0", CultureInfo.InvariantCulture),
                Median(samples.Select(s => (double)s.JitMethods)).ToString("0", CultureInfo.InvariantCulture) + " / " + Ms(Percentile(samples.Select(s => s.JitTime), 0.5))));
        }

        public override string ToString()
        {
            var text = new StringBuilder();
            text.AppendLine("| scenario | runs | generator median | generator p95 | wall median | wall p95 | target (wall) | wall + tree parse median | wall + tree parse p95 |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---|---:|---:|");
            _times.ForEach(row => text.AppendLine(row));
            text.AppendLine();
            text.AppendLine("| scenario | files re-emitted / generated | tree parse median | CPU (call + parse) median | CPU p95 | allocated in the call (median) | GCs (median) | JIT methods / time (median) |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            _work.ForEach(row => text.AppendLine(row));
            return text.ToString();
        }

        private static string Row(params string[] cells) => "| " + string.Join(" | ", cells) + " |";

        private static string Verdict(TimeSpan measured, TimeSpan target) => measured < target ? "met" : "**missed**";

        private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString(time.TotalMilliseconds < 10 ? "0.00" : "0", CultureInfo.InvariantCulture) + " ms";

        private static TimeSpan Percentile(IEnumerable<TimeSpan> values, double p)
        {
            TimeSpan[] sorted = values.Order().ToArray();
            return sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
        }

        private static double Median(IEnumerable<double> values)
        {
            double[] sorted = values.Order().ToArray();
            return sorted[Math.Max(0, (int)Math.Ceiling(0.5 * sorted.Length) - 1)];
        }
    }
}
