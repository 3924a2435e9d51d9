using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using WeChat.OfficialAccount.Analyzers.CodeFixes.Replies;
using WeChat.OfficialAccount.Analyzers.Replies;

namespace WeChat.OfficialAccount.Analyzers.Tests
{
    public sealed class ReplyCodeFixTests
    {
        private const string Article = "new ReplyArticle { Title = \"t\", Description = \"d\", PicUrl = \"https://p\", Url = \"https://u\" }";

        private static string Source(string handler) =>
            "using WeChat.OfficialAccount; using WeChat.OfficialAccount.Messages; using WeChat.OfficialAccount.Events; using WeChat.OfficialAccount.Replies;\n"
            + "public static class Handlers {\n" + handler + "\n}";

        private static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation)
        {
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ReplyAnalyzer())).GetAnalyzerDiagnosticsAsync();
        }

        [Fact]
        public async Task News_reply_to_a_user_message_keeps_only_the_first_article()
        {
            string source = Source($"public static WeChatReply On(TextMessage m) => new NewsReply {{ Articles = {{ {Article}, {Article.Replace("\"t\"", "\"second\"")} }} }};");

            string? fixedText = await CodeFixHarness.ApplyAsync(source, "WXR001", new NewsArticlesCodeFix(), AnalyzeAsync);

            Assert.Equal(Source($"public static WeChatReply On(TextMessage m) => new NewsReply {{ Articles = {{ {Article} }} }};"), fixedText);
        }

        [Fact]
        public async Task News_reply_keeps_the_first_eight_articles()
        {
            string nine = string.Join(", ", Enumerable.Range(1, 9).Select(i => Article.Replace("\"t\"", $"\"a{i}\"")));
            string eight = string.Join(", ", Enumerable.Range(1, 8).Select(i => Article.Replace("\"t\"", $"\"a{i}\"")));

            string? fixedText = await CodeFixHarness.ApplyAsync(Source($"public static WeChatReply On(ClickEvent e) => new NewsReply {{ Articles = {{ {nine} }} }};"), "WXR002", new NewsArticlesCodeFix(), AnalyzeAsync);

            Assert.Equal(Source($"public static WeChatReply On(ClickEvent e) => new NewsReply {{ Articles = {{ {eight} }} }};"), fixedText);
        }

        [Fact]
        public async Task Reply_to_a_discarded_event_in_a_lambda_becomes_no_reply()
        {
            string? fixedText = await CodeFixHarness.ApplyAsync(
                Source("static System.Func<UnsubscribeEvent, WeChatReply> Handler = e => new TextReply { Content = \"bye\" };"), "WXR003", new DiscardedReplyCodeFix(), AnalyzeAsync);

            Assert.Equal(Source("static System.Func<UnsubscribeEvent, WeChatReply> Handler = e => null;"), fixedText);
        }

        [Fact]
        public async Task Returned_reply_to_a_discarded_event_becomes_no_reply()
        {
            string? fixedText = await CodeFixHarness.ApplyAsync(
                Source("public static WeChatReply On(UnsubscribeEvent e) { System.Console.WriteLine(e.FromUserName); return new TextReply { Content = \"bye\" }; }"), "WXR003", new DiscardedReplyCodeFix(), AnalyzeAsync);

            Assert.Equal(Source("public static WeChatReply On(UnsubscribeEvent e) { System.Console.WriteLine(e.FromUserName); return null; }"), fixedText);
        }
    }
}
