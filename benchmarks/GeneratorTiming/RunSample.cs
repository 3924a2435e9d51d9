using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace WeChat.OfficialAccount.GeneratorTiming
{
    /// <summary>
    /// One <c>RunGeneratorsAndUpdateCompilation</c>, the call csc makes: the generator's time from
    /// <see cref="GeneratorDriver.GetTimingInfo"/>, the wall clock around the call (which also covers the driver's own
    /// work and adding the generated trees to the compilation), the bytes allocated, and how many generated files are new
    /// objects rather than cached. The driver hands back generated trees unparsed; <see cref="TreeParse"/> is the time the
    /// compiler then spends parsing the re-emitted ones (cached trees were parsed before). <see cref="Cpu"/> is the process's
    /// CPU time and <see cref="Collections"/> the garbage collections (any generation) over the call and that parse;
    /// <see cref="JitMethods"/> and <see cref="JitTime"/> are what the runtime JIT-compiled during the call, on every thread
    /// (tier-0 and the background tier-1 re-compilations).
    /// </summary>
    internal readonly record struct RunSample(
        TimeSpan Generator, TimeSpan Wall, TimeSpan TreeParse, TimeSpan Cpu, long Allocated, int Collections, int Regenerated, int Generated, long JitMethods, TimeSpan JitTime)
    {
        public static RunSample Measure(ref GeneratorDriver driver, Compilation input, GeneratorRunResult? previous, out Compilation output)
        {
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            int collectionsBefore = GC.CollectionCount(0);
            long jitMethodsBefore = JitInfo.GetCompiledMethodCount();
            TimeSpan jitTimeBefore = JitInfo.GetCompilationTime();
            TimeSpan cpuStart = ProcessCpuTime.Now();
            long start = Stopwatch.GetTimestamp();
            driver = driver.RunGeneratorsAndUpdateCompilation(input, out output, out _);
            TimeSpan wall = Stopwatch.GetElapsedTime(start);
            TimeSpan cpu = ProcessCpuTime.Now() - cpuStart;
            TimeSpan jitTime = JitInfo.GetCompilationTime() - jitTimeBefore;
            long jitMethods = JitInfo.GetCompiledMethodCount() - jitMethodsBefore;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

            GeneratorDriverTimingInfo timing = driver.GetTimingInfo();
            GeneratorRunResult result = Result(driver);
            GeneratedSourceResult[] reEmitted = ReEmitted(result, previous);
            cpuStart = ProcessCpuTime.Now();
            start = Stopwatch.GetTimestamp();
            foreach (GeneratedSourceResult source in reEmitted)
            {
                source.SyntaxTree.GetRoot();
            }

            TimeSpan parse = Stopwatch.GetElapsedTime(start);
            cpu += ProcessCpuTime.Now() - cpuStart;
            int collections = GC.CollectionCount(0) - collectionsBefore;
            return new RunSample(timing.GeneratorTimes.Single().ElapsedTime, wall, parse, cpu, allocated, collections, reEmitted.Length, result.GeneratedSources.Length, jitMethods, jitTime);
        }

        /// <summary>The generator's one result; an exception inside it fails the benchmark instead of timing a broken run.</summary>
        public static GeneratorRunResult Result(GeneratorDriver driver)
        {
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            return result.Exception is null ? result : throw new InvalidOperationException("The generator threw.", result.Exception);
        }

        /// <summary>One line for the parent process; <see cref="FromLine"/> reads it back.</summary>
        public string ToLine() => string.Join(' ', new[] { Generator.Ticks, Wall.Ticks, TreeParse.Ticks, Cpu.Ticks, Allocated, Collections, Regenerated, Generated, JitMethods, JitTime.Ticks }
            .Select(v => v.ToString(CultureInfo.InvariantCulture)));

        public static RunSample FromLine(string line)
        {
            long[] v = line.Split(' ').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            return new RunSample(new TimeSpan(v[0]), new TimeSpan(v[1]), new TimeSpan(v[2]), new TimeSpan(v[3]), v[4], (int)v[5], (int)v[6], (int)v[7], v[8], new TimeSpan(v[9]));
        }

        private static GeneratedSourceResult[] ReEmitted(GeneratorRunResult current, GeneratorRunResult? previous)
        {
            if (previous is not { } before)
            {
                return current.GeneratedSources.ToArray();
            }

            // A cached output is handed back as the very same SourceText (and tree); a re-emitted one is a new object.
            Dictionary<string, SourceText> earlier = before.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText, StringComparer.Ordinal);
            return current.GeneratedSources.Where(s => !earlier.TryGetValue(s.HintName, out SourceText? text) || !ReferenceEquals(text, s.SourceText)).ToArray();
        }
    }
}
