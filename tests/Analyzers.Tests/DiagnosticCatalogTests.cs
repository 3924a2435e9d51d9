using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace WeChat.OfficialAccount.Analyzers.Tests
{
    /// <summary>The catalog's promises: every ID unique and in range, documented, and release-tracked.</summary>
    public sealed class DiagnosticCatalogTests
    {
        private static readonly string RepoRoot = typeof(DiagnosticCatalogTests).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

        public static TheoryData<string> Ids => new(Descriptors().Select(d => d.Id));

        /// <summary>Every descriptor the analyzers report: menus and replies, and the spec rules (WXS) shared with the generator.</summary>
        private static IEnumerable<DiagnosticDescriptor> Descriptors() => new[] { typeof(WeChatDiagnosticCatalog), typeof(WeChat.OfficialAccount.Generator.DiagnosticDescriptors) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);

        [Fact]
        public void Every_id_is_unique_and_in_the_spec_menu_or_reply_range()
        {
            string[] ids = Descriptors().Select(d => d.Id).ToArray();

            Assert.NotEmpty(ids);
            Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
            Assert.All(ids, id => Assert.Matches(@"^WX[SMR]0(0[1-9]|[1-9][0-9])$", id));
            Assert.Contains("WXS001", ids);
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void Every_id_has_a_help_page_that_exists(string id)
        {
            DiagnosticDescriptor descriptor = Descriptors().Single(d => d.Id == id);

            Assert.Equal($"docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
            string page = Path.Combine(RepoRoot, descriptor.HelpLinkUri);
            Assert.True(File.Exists(page), $"{page} is missing");
            Assert.StartsWith($"# {id}: ", File.ReadAllText(page));
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void Every_id_has_a_release_tracking_row_with_its_severity(string id)
        {
            DiagnosticDescriptor descriptor = Descriptors().Single(d => d.Id == id);
            string[] rows = new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
                .SelectMany(file => File.ReadAllLines(Path.Combine(RepoRoot, "src", "Analyzers", file)))
                .Where(line => Regex.IsMatch(line, $@"^{id}\s*\|"))
                .ToArray();

            string row = Assert.Single(rows);
            string[] cells = row.Split('|').Select(c => c.Trim()).ToArray();
            Assert.Equal(descriptor.Category, cells[1]);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), cells[2]);
        }
    }
}
