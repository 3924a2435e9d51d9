using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace WeChat.OfficialAccount.Generator.Tests
{
    public sealed class IncrementalityTests
    {
        private static readonly string[] Steps =
        {
            StepNames.ParseSpecFile, StepNames.LinkSpecs, StepNames.TypeModels, StepNames.EnumModels, StepNames.FactoryModel, StepNames.ApiGroups,
        };

        private static (GeneratorDriver Driver, CSharpCompilation Compilation, List<AdditionalText> Specs) FirstRun()
        {
            List<AdditionalText> specs = GeneratorHarness.RepositorySpecs().ToList();
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation();
            GeneratorDriver driver = GeneratorHarness.CreateDriver(specs).RunGenerators(compilation);
            return (driver, compilation, specs);
        }

        private static IEnumerable<(string Step, IncrementalStepRunReason Reason)> Reasons(GeneratorDriver driver) =>
            driver.GetRunResult().Results.Single().TrackedSteps
                .Where(s => Steps.Contains(s.Key))
                .SelectMany(s => s.Value.SelectMany(run => run.Outputs.Select(o => (s.Key, o.Reason))));

        [Fact]
        public void Unchanged_rerun_leaves_every_step_cached_or_unchanged()
        {
            var (driver, compilation, _) = FirstRun();

            driver = driver.RunGenerators(compilation);

            var reasons = Reasons(driver).ToList();
            Assert.Equal(Steps.OrderBy(s => s), reasons.Select(r => r.Step).Distinct().OrderBy(s => s));
            Assert.All(reasons, r => Assert.True(r.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{r.Step} was {r.Reason}"));
        }

        [Fact]
        public void Unrelated_csharp_edit_leaves_every_step_cached_or_unchanged()
        {
            var (driver, compilation, _) = FirstRun();

            CSharpCompilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Consumer { public static class Other { } }", new CSharpParseOptions(LanguageVersion.Latest)));
            driver = driver.RunGenerators(edited);

            Assert.All(Reasons(driver), r => Assert.True(r.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{r.Step} was {r.Reason}"));
        }

        [Fact]
        public void Editing_one_spec_file_regenerates_only_that_files_outputs()
        {
            var (driver, compilation, specs) = FirstRun();
            AdditionalText kf = specs.Single(s => s.Path.EndsWith("customer-service.wechat.json", StringComparison.Ordinal));
            string text = kf.GetText()!.ToString();
            string edited = text.Replace("\"doc\": \"", "\"doc\": \"Edited: ");

            driver = driver.ReplaceAdditionalText(kf, new InMemoryAdditionalText(kf.Path, edited)).RunGenerators(compilation);

            var run = driver.GetRunResult().Results.Single();
            var parse = run.TrackedSteps[StepNames.ParseSpecFile].SelectMany(s => s.Outputs).ToList();
            Assert.Single(parse, o => o.Reason == IncrementalStepRunReason.Modified);
            Assert.Equal(specs.Count - 1, parse.Count(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));

            var types = run.TrackedSteps[StepNames.TypeModels].SelectMany(s => s.Outputs).ToList();
            var modified = types.Where(o => o.Reason == IncrementalStepRunReason.Modified).Select(o => ((Model.TypeModel)o.Value).Name).OrderBy(n => n).ToList();
            Assert.Equal(new[] { "KfCloseSessionEvent", "KfCreateSessionEvent", "KfSwitchSessionEvent" }, modified);
            Assert.All(types.Where(o => o.Reason != IncrementalStepRunReason.Modified), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
            Assert.All(run.TrackedSteps[StepNames.FactoryModel].SelectMany(s => s.Outputs), o => Assert.NotEqual(IncrementalStepRunReason.Modified, o.Reason));
        }
    }
}
