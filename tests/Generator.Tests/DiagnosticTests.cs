using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using WeChat.OfficialAccount.Analyzers.Specs;

namespace WeChat.OfficialAccount.Generator.Tests
{
    /// <summary>
    /// One test per spec diagnostic: reported at its line and column in the spec file, never as an exception.
    /// SpecFileAnalyzer is the one reporter; it runs the generator's parser and linker, and the generator, given the
    /// same broken file, emits nothing and does not throw.
    /// </summary>
    public sealed class DiagnosticTests
    {
        private const string Path = "specs/test.wechat.json";

        private static Diagnostic Single(string id, string json)
        {
            var spec = new InMemoryAdditionalText(Path, json);
            var (driver, _, generatorDiagnostics) = GeneratorHarness.Run(new[] { spec });
            Assert.All(driver.GetRunResult().Results, r => Assert.Null(r.Exception));
            Assert.Empty(generatorDiagnostics);
            if (DiagnosticDescriptors.Find(id)!.DefaultSeverity == DiagnosticSeverity.Error)
            {
                Assert.Empty(driver.GetRunResult().GeneratedTrees);
            }

            ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.CreateCompilation()
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new SpecFileAnalyzer()), new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(spec)))
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            Diagnostic diagnostic = Assert.Single(diagnostics, d => d.Id == id);
            Assert.Equal(Path, diagnostic.Location.GetLineSpan().Path);
            return diagnostic;
        }

        /// <summary>Asserts the diagnostic starts where the <paramref name="nth"/> occurrence of <paramref name="marker"/> does.</summary>
        private static void AssertAt(Diagnostic diagnostic, string json, string marker, int nth = 1)
        {
            int index = -1;
            for (int i = 0; i < nth; i++)
            {
                index = json.IndexOf(marker, index + 1, System.StringComparison.Ordinal);
            }

            Assert.True(index >= 0, $"marker {marker} not found");
            int line = json.Substring(0, index).Count(c => c == '\n');
            int column = index - (json.LastIndexOf('\n', System.Math.Max(index - 1, 0)) + 1);
            if (json.LastIndexOf('\n', System.Math.Max(index - 1, 0)) < 0)
            {
                column = index;
            }

            var start = diagnostic.Location.GetLineSpan().StartLinePosition;
            Assert.Equal((line + 1, column + 1), (start.Line + 1, start.Character + 1));
            Assert.Equal(index, diagnostic.Location.SourceSpan.Start);
        }

        private static string Events(string fields, string extra = "") =>
            "{\n  \"kind\": \"events\",\n  \"namespace\": \"Consumer.Events\",\n  \"types\": [\n    {\n      \"name\": \"PingEvent\",\n      \"event\": \"ping\",\n      \"doc\": \"Ping.\",\n      \"fields\": [\n"
            + fields + "\n      ]\n    }\n  ]" + extra + "\n}";

        private const string Ok = "        { \"wire\": \"A\", \"name\": \"A\", \"type\": \"string\", \"doc\": \"a\" }";

        [Fact]
        public void WXS001_bad_json_points_at_the_syntax_error()
        {
            string json = "{\n  \"kind\": \"events\",\n  \"namespace\" \"X\"\n}";
            AssertAt(Single("WXS001", json), json, "\"X\"");
        }

        [Fact]
        public void WXS002_unknown_type_points_at_the_type_value()
        {
            string json = Events("        { \"wire\": \"A\", \"name\": \"A\", \"type\": \"uuid\", \"doc\": \"a\" }");
            AssertAt(Single("WXS002", json), json, "\"uuid\"");
        }

        [Fact]
        public void WXS003_duplicate_name_points_at_the_second_field()
        {
            string json = Events(Ok + ",\n        { \"wire\": \"B\", \"name\": \"A\", \"type\": \"string\", \"doc\": \"b\" }");
            AssertAt(Single("WXS003", json), json, "\"A\", \"type\": \"string\", \"doc\": \"b\"");
        }

        [Fact]
        public void WXS004_missing_wire_name_points_at_the_field()
        {
            string json = Events("        { \"name\": \"A\", \"type\": \"string\", \"doc\": \"a\" }");
            AssertAt(Single("WXS004", json), json, "{ \"name\"");
        }

        [Fact]
        public void WXS005_missing_required_property_points_at_the_object()
        {
            string json = "{\n  \"kind\": \"events\",\n  \"namespace\": \"Consumer.Events\",\n  \"types\": [\n    {\n      \"name\": \"PingEvent\",\n      \"doc\": \"Ping.\",\n      \"fields\": []\n    }\n  ]\n}";

            Diagnostic diagnostic = Single("WXS005", json);

            AssertAt(diagnostic, json, "{\n      \"name\"");
            Assert.Contains("'event'", diagnostic.GetMessage());
        }

        [Fact]
        public void WXS006_unresolved_reference_points_at_the_field()
        {
            string json = Events("        { \"wire\": \"A\", \"name\": \"A\", \"type\": \"object\", \"ref\": \"Nowhere\", \"doc\": \"a\" }");
            Diagnostic diagnostic = Single("WXS006", json);
            AssertAt(diagnostic, json, "\"A\", \"type\"");
            Assert.Contains("Nowhere", diagnostic.GetMessage());
        }

        [Fact]
        public void WXS007_invalid_identifier_points_at_the_name()
        {
            string json = Events("        { \"wire\": \"A\", \"name\": \"class\", \"type\": \"string\", \"doc\": \"a\" }");
            AssertAt(Single("WXS007", json), json, "\"class\"");
        }

        [Fact]
        public void WXS008_unknown_property_is_a_warning_at_the_property_name()
        {
            string json = Events("        { \"wire\": \"A\", \"name\": \"A\", \"type\": \"string\", \"doc\": \"a\", \"requried\": true }");
            Diagnostic diagnostic = Single("WXS008", json);

            Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
            AssertAt(diagnostic, json, "\"requried\"");
        }

        [Fact]
        public void WXS009_duplicate_wire_element_points_at_the_second_field()
        {
            string json = Events(Ok + ",\n        { \"wire\": \"A\", \"name\": \"B\", \"type\": \"string\", \"doc\": \"b\" }");
            AssertAt(Single("WXS009", json), json, "\"B\"");
        }

        [Fact]
        public void WXS010_duplicate_event_value_points_at_the_later_key()
        {
            string json = "{\n  \"kind\": \"events\",\n  \"namespace\": \"Consumer.Events\",\n  \"types\": [\n"
                + "    { \"name\": \"PingEvent\", \"event\": \"ping\", \"doc\": \"p\", \"fields\": [] },\n"
                + "    { \"name\": \"PongEvent\", \"event\": \"PING\", \"doc\": \"p\", \"fields\": [] }\n  ]\n}";

            AssertAt(Single("WXS010", json), json, "\"PING\"");
        }

        [Fact]
        public void WXS011_wrong_kind_points_at_the_kind_value()
        {
            string json = "{\n  \"kind\": \"webhooks\",\n  \"namespace\": \"X\",\n  \"types\": []\n}";
            AssertAt(Single("WXS011", json), json, "\"webhooks\"");
        }

        [Fact]
        public void WXS012_item_without_list_points_at_item()
        {
            string json = Events("        { \"wire\": \"A\", \"name\": \"A\", \"type\": \"string\", \"item\": \"x\", \"doc\": \"a\" }");
            AssertAt(Single("WXS012", json), json, "\"x\"");
        }

        [Fact]
        public void WXS013_too_many_fields_points_at_the_type_name()
        {
            string fields = string.Join(",\n", Enumerable.Range(0, 49).Select(i => $"        {{ \"wire\": \"F{i}\", \"name\": \"F{i}\", \"type\": \"string\", \"doc\": \"f\" }}"));

            string json = Events(fields);
            AssertAt(Single("WXS013", json), json, "\"PingEvent\"");
        }

        [Fact]
        public void WXS014_wrong_json_kind_points_at_the_value()
        {
            string json = Events("        { \"wire\": \"A\", \"name\": \"A\", \"type\": \"string\", \"required\": \"yes\", \"doc\": \"a\" }");
            AssertAt(Single("WXS014", json), json, "\"yes\"");
        }

        private static string EventsDeduplicatedBy(string deduplicateBy) =>
            "{\n  \"kind\": \"events\",\n  \"namespace\": \"Consumer.Events\",\n  \"types\": [\n    {\n      \"name\": \"PingEvent\",\n      \"event\": \"ping\",\n"
            + "      \"deduplicateBy\": " + deduplicateBy + ",\n      \"doc\": \"Ping.\",\n      \"fields\": [\n"
            + Ok + ",\n        { \"wire\": \"L\", \"name\": \"L\", \"type\": \"string\", \"list\": true, \"doc\": \"l\" }\n      ]\n    }\n  ]\n}";

        [Theory]
        [InlineData("[\"Nope\"]", "\"Nope\"")]
        [InlineData("[\"A\", \"Nope/A\"]", "\"Nope/A\"]")]
        public void DeduplicateBy_naming_a_field_the_event_lacks_is_WXS006_at_the_name(string deduplicateBy, string marker)
        {
            string json = EventsDeduplicatedBy(deduplicateBy);
            Diagnostic diagnostic = Single("WXS006", json);
            AssertAt(diagnostic, json, marker);
            Assert.Contains("deduplicateBy", diagnostic.GetMessage());
        }

        [Fact]
        public void DeduplicateBy_path_through_an_object_becomes_a_null_safe_expression_and_a_broken_path_is_WXS006_at_the_type()
        {
            var (driver, _, diagnostics) = GeneratorHarness.Run(new[] { new InMemoryAdditionalText(Path, EventWithBoxes("[\"Box/box_id\"]")) });
            Assert.Empty(diagnostics);
            string ping = driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.EndsWith("PingEvent.g.cs", System.StringComparison.Ordinal)).ToString();
            Assert.Contains("public override string? DeduplicationDetail => global::System.FormattableString.Invariant($\"{Box?.BoxId}\");", ping);

            string json = EventWithBoxes("[\"Box/nope\"]");
            Diagnostic diagnostic = Single("WXS006", json);
            AssertAt(diagnostic, json, "\"PingEvent\"");
            Assert.Contains("'nope' in 'PingBox'", diagnostic.GetMessage());
        }

        private static string EventWithBoxes(string deduplicateBy) =>
            "{\n  \"kind\": \"events\",\n  \"namespace\": \"Consumer.Events\",\n  \"types\": [\n    {\n      \"name\": \"PingEvent\",\n      \"event\": \"ping\",\n"
            + "      \"deduplicateBy\": " + deduplicateBy + ",\n      \"doc\": \"Ping.\",\n      \"fields\": [\n"
            + "        { \"wire\": \"Box\", \"name\": \"Box\", \"type\": \"object\", \"ref\": \"PingBox\", \"doc\": \"b\" },\n"
            + "        { \"wire\": \"Boxes\", \"name\": \"Boxes\", \"type\": \"object\", \"ref\": \"PingBox\", \"list\": true, \"item\": \"Box\", \"doc\": \"b\" },\n"
            + "        { \"wire\": \"L\", \"name\": \"L\", \"type\": \"string\", \"list\": true, \"doc\": \"l\" }\n      ]\n    }\n  ],\n"
            + "  \"objects\": [ { \"name\": \"PingBox\", \"doc\": \"Box.\", \"fields\": [ { \"wire\": \"box_id\", \"name\": \"BoxId\", \"type\": \"int64\", \"doc\": \"i\" },"
            + " { \"wire\": \"tag\", \"name\": \"Tags\", \"type\": \"string\", \"list\": true, \"doc\": \"t\" } ] } ]\n}";

        [Fact]
        public void DeduplicateBy_through_a_list_joins_its_items_values_and_a_second_list_or_an_object_at_the_end_is_WXS006()
        {
            var (driver, _, diagnostics) = GeneratorHarness.Run(new[] { new InMemoryAdditionalText(Path, EventWithBoxes("[\"Boxes/box_id\", \"L\", \"Box/box_id\"]")) });
            Assert.Empty(diagnostics);
            string ping = driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.EndsWith("PingEvent.g.cs", System.StringComparison.Ordinal)).ToString();
            Assert.Contains(
                "public override string? DeduplicationDetail => global::System.FormattableString.Invariant($\"{(global::WeChat.OfficialAccount.WeChatMessage.JoinDeduplicationValues(Boxes, item => item?.BoxId))}:"
                + "{(global::WeChat.OfficialAccount.WeChatMessage.JoinDeduplicationValues(L, item => item))}:{Box?.BoxId}\");",
                ping);

            string twoLists = EventWithBoxes("[\"Boxes/tag\"]");
            Diagnostic diagnostic = Single("WXS006", twoLists);
            AssertAt(diagnostic, twoLists, "\"PingEvent\"");
            Assert.Contains("'tag' in 'PingBox'", diagnostic.GetMessage());

            string objectAtTheEnd = EventWithBoxes("[\"Box\"]");
            AssertAt(Single("WXS006", objectAtTheEnd), objectAtTheEnd, "\"Box\"]");
        }

        [Fact]
        public void DeduplicateBy_that_is_not_an_array_is_WXS014_at_the_value()
        {
            string json = EventsDeduplicatedBy("\"A\"");
            AssertAt(Single("WXS014", json), json, "\"A\",\n");
        }

        [Fact]
        public void Every_descriptor_has_a_test_a_help_link_and_a_release_row()
        {
            string releases = System.IO.File.ReadAllText(System.IO.Path.Combine(GeneratorHarness.RepoRoot, "src", "Generator", "AnalyzerReleases.Unshipped.md"));
            var ids = Enumerable.Range(1, 14).Select(i => $"WXS{i:000}").ToList();
            foreach (string id in ids)
            {
                DiagnosticDescriptor descriptor = DiagnosticDescriptors.Find(id)!;
                Assert.NotNull(descriptor);
                Assert.Equal($"docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
                Assert.True(System.IO.File.Exists(System.IO.Path.Combine(GeneratorHarness.RepoRoot, "docs", "diagnostics", id + ".md")), $"docs/diagnostics/{id}.md is missing");
                Assert.Contains(id + " |", releases);
                Assert.NotNull(typeof(DiagnosticTests).GetMethods().SingleOrDefault(m => m.Name.StartsWith(id + "_")));
            }

            Assert.Null(DiagnosticDescriptors.Find("WXS015"));
        }
    }
}
