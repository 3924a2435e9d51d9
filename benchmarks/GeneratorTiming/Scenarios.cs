using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace WeChat.OfficialAccount.GeneratorTiming
{
    /// <summary>The measured situations: a fresh driver (cold build) and a kept driver after an edit (incremental re-run).</summary>
    internal static class Scenarios
    {
        private const string ChildArgument = "--first-run";

        /// <summary>True when this process was started by <see cref="FirstRunsInFreshProcesses"/> to time its own first run.</summary>
        public static bool IsFirstRunChild(string[] args) => args.Length == 1 && args[0] == ChildArgument;

        /// <summary>The child's side: nothing of the driver or the generator has run (or been JIT-compiled) before this call.</summary>
        public static RunSample FirstRun(RuntimeBuild build)
        {
            GeneratorDriver driver = build.CreateDriver(build.ReadSpecs());
            return RunSample.Measure(ref driver, build.Compilation, null, out _);
        }

        /// <summary>Each sample is a new process running <see cref="FirstRun"/> once: what a build without a warm compiler server pays.</summary>
        public static List<RunSample> FirstRunsInFreshProcesses(int processes)
        {
            string self = Environment.ProcessPath ?? throw new InvalidOperationException("The process path is unknown.");
            var samples = new List<RunSample>();
            for (int i = 0; i < processes; i++)
            {
                var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
                if (Path.GetFileNameWithoutExtension(self) == "dotnet")
                {
                    start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
                }

                start.ArgumentList.Add(ChildArgument);
                using Process child = Process.Start(start)!;
                string output = child.StandardOutput.ReadToEnd();
                child.WaitForExit();
                if (child.ExitCode != 0)
                {
                    throw new InvalidOperationException($"The first-run process exited with {child.ExitCode}: {output}");
                }

                samples.Add(RunSample.FromLine(output.Trim()));
            }

            return samples;
        }

        /// <summary>A new driver over newly read spec files each time, in a process that has run it before: a warm compiler server's build.</summary>
        public static List<RunSample> FreshDrivers(RuntimeBuild build, int warmup, int runs)
        {
            var samples = new List<RunSample>();
            for (int i = 0; i < warmup + runs; i++)
            {
                GeneratorDriver driver = build.CreateDriver(build.ReadSpecs());
                RunSample sample = RunSample.Measure(ref driver, build.Compilation, null, out _);
                if (i >= warmup)
                {
                    samples.Add(sample);
                }
            }

            return samples;
        }

        /// <summary>
        /// One driver kept across runs (as the IDE keeps it); before each run one spec file's text alternates between
        /// the original and a version whose first <c>doc</c> is reworded, the other files stay the same objects.
        /// </summary>
        public static List<RunSample> SpecFileEdits(RuntimeBuild build, string specPath, int warmup, int runs)
        {
            ImmutableArray<AdditionalText> specs = build.ReadSpecs();
            AdditionalText original = specs.Single(s => s.Path == specPath);
            string text = original.GetText()!.ToString();
            int doc = text.IndexOf("\"doc\": \"", StringComparison.Ordinal);
            if (doc < 0)
            {
                throw new InvalidOperationException($"{specPath} has no \"doc\" to edit.");
            }

            SourceText edited = SourceText.From(text.Insert(doc + "\"doc\": \"".Length, "Edited. "), System.Text.Encoding.UTF8, SourceHashAlgorithm.Sha256);
            AdditionalText[] versions = { new SpecFileText(specPath, edited), original };

            GeneratorDriver driver = build.CreateDriver(specs);
            RunSample.Measure(ref driver, build.Compilation, null, out _);
            AdditionalText current = original;
            var samples = new List<RunSample>();
            for (int i = 0; i < warmup + runs; i++)
            {
                AdditionalText next = versions[i % 2];
                GeneratorRunResult previous = RunSample.Result(driver);
                driver = driver.ReplaceAdditionalText(current, next);
                current = next;
                RunSample sample = RunSample.Measure(ref driver, build.Compilation, previous, out _);
                if (i >= warmup)
                {
                    samples.Add(sample);
                }
            }

            return samples;
        }

        /// <summary>One driver kept across runs; before each run a C# file that no spec mentions changes.</summary>
        public static List<RunSample> CSharpEdits(RuntimeBuild build, int warmup, int runs)
        {
            SyntaxTree Edit(int value) => CSharpSyntaxTree.ParseText(
                SourceText.From(string.Create(CultureInfo.InvariantCulture, $"namespace WeChat.OfficialAccount {{ internal static class TimingEdit {{ internal const int Value = {value}; }} }}\n")),
                build.ParseOptions,
                Path.Combine(build.RepoRoot, "src", "Runtime", "TimingEdit.cs"));

            SyntaxTree tree = Edit(0);
            CSharpCompilation compilation = build.Compilation.AddSyntaxTrees(tree);
            GeneratorDriver driver = build.CreateDriver(build.ReadSpecs());
            RunSample.Measure(ref driver, compilation, null, out _);
            var samples = new List<RunSample>();
            for (int i = 1; i <= warmup + runs; i++)
            {
                SyntaxTree next = Edit(i);
                compilation = compilation.ReplaceSyntaxTree(tree, next);
                tree = next;
                GeneratorRunResult previous = RunSample.Result(driver);
                RunSample sample = RunSample.Measure(ref driver, compilation, previous, out _);
                if (i > warmup)
                {
                    samples.Add(sample);
                }
            }

            return samples;
        }

        /// <summary>Median time of emitting the runtime assembly with every generator's output: the compile the generated code costs.</summary>
        public static TimeSpan EmitWholeAssembly(RuntimeBuild build, int runs)
        {
            build.CreateDriverWithAllGenerators(build.ReadSpecs()).RunGeneratorsAndUpdateCompilation(build.Compilation, out Compilation output, out _);
            var times = new List<TimeSpan>();
            for (int i = 0; i < runs; i++)
            {
                Compilation fresh = output.RemoveAllSyntaxTrees().AddSyntaxTrees(output.SyntaxTrees);
                long start = Stopwatch.GetTimestamp();
                bool success = fresh.Emit(Stream.Null).Success;
                times.Add(Stopwatch.GetElapsedTime(start));
                if (!success)
                {
                    throw new InvalidOperationException("The runtime assembly does not compile.");
                }
            }

            return times.Order().ElementAt((runs - 1) / 2);
        }
    }
}
