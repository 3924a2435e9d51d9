using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WeChat.OfficialAccount.Generator;

namespace WeChat.OfficialAccount.GeneratorTiming
{
    /// <summary>
    /// What WeChatGenerator adds to a build of src/Runtime with the full spec, from GeneratorDriver's own timing.
    /// <c>dotnet run -c Release --project benchmarks/GeneratorTiming [-- --runs 30 --warmup 10 --processes 10 --edit spec/x.wechat.json]</c>
    /// </summary>
    public static class Program
    {
        private static readonly TimeSpan ColdTarget = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan IncrementalTarget = TimeSpan.FromMilliseconds(50);

        private static readonly string[] DefaultEdits =
        {
            "spec/events/customer-service.wechat.json",
            "spec/endpoints/datacube.wechat.json",
        };

        public static int Main(string[] args)
        {
            if (Scenarios.IsFirstRunChild(args))
            {
                Console.WriteLine(Scenarios.FirstRun(RuntimeBuild.Load()).ToLine());
                return 0;
            }

            int runs = Option(args, "--runs", 30);
            int warmup = Option(args, "--warmup", 10);
            int processes = Option(args, "--processes", 10);
            string[] edits = args.Select((a, i) => (a, i)).Where(x => x.a == "--edit" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToArray();
            if (edits.Length == 0)
            {
                edits = DefaultEdits;
            }

            var report = new Report();
            List<RunSample> firstRuns = Scenarios.FirstRunsInFreshProcesses(processes);

            RuntimeBuild build = RuntimeBuild.Load();
            if (!Describe(build))
            {
                return 1;
            }

            report.Add("cold: first run in a fresh process (JIT included)", firstRuns, ColdTarget);
            report.Add("cold: fresh driver, warm process", Scenarios.FreshDrivers(build, warmup, runs), ColdTarget);
            foreach (string edit in edits)
            {
                string path = Path.GetFullPath(Path.Combine(build.RepoRoot, edit));
                int bytes = (int)new FileInfo(path).Length;
                report.Add(
                    string.Create(CultureInfo.InvariantCulture, $"incremental: one doc edited in {edit} ({bytes / 1024.0:0.0} KB)"),
                    Scenarios.SpecFileEdits(build, path, warmup, runs),
                    IncrementalTarget);
            }

            report.Add("incremental: unrelated C# file edited", Scenarios.CSharpEdits(build, warmup, runs), IncrementalTarget);
            Console.WriteLine(report);
            Console.WriteLine("after the timed runs:" + LoadAverage().TrimStart(','));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"For scale, not a target: binding and emitting the whole assembly (hand-written and generated code, every generator) takes {Scenarios.EmitWholeAssembly(build, 3).TotalSeconds:0.00} s in this warm process (median of 3)."));
            return 0;
        }

        /// <summary>Prints the inputs, and checks that the generated code binds against the runtime's sources with no error.</summary>
        private static bool Describe(RuntimeBuild build)
        {
            long specBytes = build.SpecPaths.Sum(p => new FileInfo(p).Length);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, server GC {GCSettings.IsServerGC}{LoadAverage()}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"compiler: Microsoft.CodeAnalysis {FileVersionInfo.GetVersionInfo(typeof(Compilation).Assembly.Location).FileVersion} from {Path.GetDirectoryName(typeof(CSharpCompilation).Assembly.Location)}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"input: {build.SpecPaths.Length} spec files ({specBytes / 1024.0:0} KB), {build.Compilation.SyntaxTrees.Count()} hand-written runtime sources, {build.Compilation.References.Count()} reference assemblies"));

            GeneratorDriver driver = build.CreateDriverWithAllGenerators(build.ReadSpecs());
            driver = driver.RunGeneratorsAndUpdateCompilation(build.Compilation, out Compilation output, out _);
            GeneratorRunResult result = driver.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(WeChatGenerator));
            Diagnostic[] errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"output: {result.GeneratedSources.Length} generated files ({result.GeneratedSources.Sum(s => s.SourceText.Length) / 1024.0:0} K chars); runtime + generated code bind with {errors.Length} errors"));
            foreach (Diagnostic error in errors.Take(20))
            {
                Console.WriteLine("  " + error);
            }

            Console.WriteLine();
            return errors.Length == 0;
        }

        /// <summary>Other work on the machine shows up in every figure; the load average tells a reader whether there was any.</summary>
        private static string LoadAverage() =>
            File.Exists("/proc/loadavg") ? ", load average " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : string.Empty;

        private static int Option(string[] args, string name, int fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }
    }
}
