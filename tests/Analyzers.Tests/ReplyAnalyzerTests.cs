using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using WeChat.OfficialAccount.Analyzers.Replies;

namespace WeChat.OfficialAccount.Analyzers.Tests
{
    /// <summary>WXR001–WXR005 through CompilationWithAnalyzers; <c>/*!*/</c> marks where each diagnostic must start.</summary>
    public sealed class ReplyAnalyzerTests
    {
        private const string Usings = "using WeChat.OfficialAccount; using WeChat.OfficialAccount.Messages; using WeChat.OfficialAccount.Events; using WeChat.OfficialAccount.Replies;\n";
        private const string Article = "new ReplyArticle { Title = \"t\", Description = \"d\", PicUrl = \"https://p\", Url = \"https://u\" }";

        private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string body)
        {
            string source = Usings + "static class Handlers {\n" + body.Replace("/*!*/", string.Empty) + "\n}";
            string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
            var references = platform.Where(p => Path.GetFileName(p).StartsWith("System.") || Path.GetFileName(p) == "netstandard.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .Append(MetadataReference.CreateFromFile(typeof(WeChatReply).Assembly.Location));
            var compilation = CSharpCompilation.Create("Test", new[] { CSharpSyntaxTree.ParseText(source) }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ReplyAnalyzer())).GetAnalyzerDiagnosticsAsync();
        }

        private static async Task AssertReportedAtMarker(string id, string body)
        {
            ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync(body);
            string prefixed = Usings + "static class Handlers {\n" + body;
            Diagnostic diagnostic = Assert.Single(diagnostics, d => d.Id == id);
            Assert.Equal(prefixed.IndexOf("/*!*/", StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
        }

        private static async Task AssertNotReported(string id, string body) =>
            Assert.DoesNotContain(await AnalyzeAsync(body), d => d.Id == id);

        [Fact]
        public Task WXR001_two_articles_answering_a_user_message() => AssertReportedAtMarker("WXR001",
            $"static WeChatReply On(TextMessage m) => /*!*/new NewsReply {{ Articles = {{ {Article}, {Article} }} }};");

        [Fact]
        public Task WXR001_two_articles_answering_an_event_are_fine() => AssertNotReported("WXR001",
            $"static WeChatReply On(ClickEvent e) => new NewsReply {{ Articles = {{ {Article}, {Article} }} }};");

        [Fact]
        public Task WXR002_nine_articles_anywhere() => AssertReportedAtMarker("WXR002",
            "static WeChatReply On(ClickEvent e) => /*!*/new NewsReply { Articles = { " + string.Join(", ", Enumerable.Repeat(Article, 9)) + " } };");

        [Fact]
        public Task WXR002_eight_articles_are_fine() => AssertNotReported("WXR002",
            "static WeChatReply On(ClickEvent e) => new NewsReply { Articles = { " + string.Join(", ", Enumerable.Repeat(Article, 8)) + " } };");

        [Fact]
        public Task WXR003_reply_to_a_discarded_event_in_a_lambda() => AssertReportedAtMarker("WXR003",
            "static System.Func<UnsubscribeEvent, WeChatReply> Handler = e => /*!*/new TextReply { Content = \"bye\" };");

        [Fact]
        public Task WXR003_reply_to_a_click_is_fine() => AssertNotReported("WXR003",
            "static System.Func<ClickEvent, WeChatReply> Handler = e => new TextReply { Content = \"hi\" };");

        [Fact]
        public Task WXR004_empty_constant_text() => AssertReportedAtMarker("WXR004",
            "static WeChatReply On(TextMessage m) => new TextReply { Content = /*!*/\"\" };");

        [Fact]
        public Task WXR004_empty_media_id() => AssertReportedAtMarker("WXR004",
            "static WeChatReply On(TextMessage m) => new ImageReply { Image = new ReplyMedia { MediaId = /*!*/\" \" } };");

        [Fact]
        public Task WXR004_computed_content_is_not_judged() => AssertNotReported("WXR004",
            "static WeChatReply On(TextMessage m) => new TextReply { Content = m.Content };");

        [Fact]
        public Task WXR005_reply_addressed_backwards() => AssertReportedAtMarker("WXR005",
            "static WeChatReply On(TextMessage m) { var r = new TextReply { Content = \"x\" }; /*!*/r.ToUserName = m.ToUserName; return r; }");

        [Fact]
        public Task WXR005_backwards_in_an_initializer() => AssertReportedAtMarker("WXR005",
            "static WeChatReply On(TextMessage m) => new TextReply { /*!*/FromUserName = m.FromUserName, Content = \"x\" };");

        [Fact]
        public Task WXR005_swapped_addresses_are_fine() => AssertNotReported("WXR005",
            "static WeChatReply On(TextMessage m) => new TextReply { ToUserName = m.FromUserName, FromUserName = m.ToUserName, Content = \"x\" };");
    }
}
