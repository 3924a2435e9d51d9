using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace WeChat.OfficialAccount.GeneratorTiming
{
    /// <summary>
    /// The results as a Markdown table: median and p95 (nearest rank). A row meets its target when the p95 of wall clock
    /// plus parsing the re-emitted trees is under it: everything a build pays before it binds the generated code.
    /// </summary>
    internal sealed class Report
    {
        private readonly List<string> _rows = new();

        public void Add(string scenario, IReadOnlyList<RunSample> samples, TimeSpan target)
        {
            TimeSpan totalP95 = Percentile(samples.Select(s => s.Wall + s.TreeParse), 0.95);
            _rows.Add(string.Join(" | ", new[]
            {
                "| " + scenario,
                samples.Count.ToString(CultureInfo.InvariantCulture),
                Median(samples.Select(s => (double)s.Regenerated)).ToString("0", CultureInfo.InvariantCulture) + " / " + samples[0].Generated.ToString(CultureInfo.InvariantCulture),
                Ms(Percentile(samples.Select(s => s.Generator), 0.5)),
                Ms(Percentile(samples.Select(s => s.Generator), 0.95)),
                Ms(Percentile(samples.Select(s => s.Wall), 0.5)),
                Ms(Percentile(samples.Select(s => s.Wall), 0.95)),
                Ms(Percentile(samples.Select(s => s.TreeParse), 0.5)),
                Ms(totalP95),
                (Median(samples.Select(s => (double)s.Allocated)) / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
                Median(samples.Select(s => (double)s.JitMethods)).ToString("0", CultureInfo.InvariantCulture) + " / " + Ms(Percentile(samples.Select(s => s.JitTime), 0.5)),
                "< " + Ms(target) + (totalP95 < target ? " met" : " **missed**") + " |",
            }));
        }

        public override string ToString()
        {
            var table = new StringBuilder();
            table.AppendLine("| scenario | runs | files re-emitted / generated | generator median | generator p95 | wall median | wall p95 | + tree parse median | wall + parse p95 | allocated (median) | JIT methods / time (median) | target (wall + parse p95) |");
            table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (string row in _rows)
            {
                table.AppendLine(row);
            }

            return table.ToString();
        }

        private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString(time.TotalMilliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

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
