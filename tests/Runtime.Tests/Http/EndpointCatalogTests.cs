using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace WeChat.OfficialAccount.Tests.Http
{
    /// <summary>docs/endpoints.md is generated from the spec; this test fails when it drifts.</summary>
    public sealed class EndpointCatalogTests
    {
        /// <summary>Regenerate with: <c>UPDATE_DOCS=1 dotnet test tests/Runtime.Tests --filter EndpointCatalog</c>.</summary>
        [Fact]
        public void Endpoint_catalog_in_docs_matches_the_spec()
        {
            string path = Path.Combine(EndpointSpecs.RepoRoot, "docs", "endpoints.md");
            string expected = Render();
            if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
            {
                File.WriteAllText(path, expected);
            }

            Assert.True(File.Exists(path) && File.ReadAllText(path).Replace("\r\n", "\n") == expected,
                "docs/endpoints.md is out of date; run: UPDATE_DOCS=1 dotnet test tests/Runtime.Tests --filter EndpointCatalog");
        }

        private static string Render()
        {
            var text = new StringBuilder();
            text.Append("# REST endpoints\n\n");
            text.Append("Generated from `spec/endpoints/*.wechat.json` — do not edit by hand. Regenerate with\n");
            text.Append("`UPDATE_DOCS=1 dotnet test tests/Runtime.Tests --filter EndpointCatalog`; the test fails when this file drifts.\n\n");
            var all = EndpointSpecs.All().ToList();
            text.Append($"{all.Count} endpoints. Every one is exercised against the fake server by `EndpointExampleTests`; the two browser pages (redirects) get URL builders (`…Url`) instead of calls.\n\n");
            text.Append("| area | method | path | C# method | auth | docs |\n|---|---|---|---|---|---|\n");
            foreach (var group in all.GroupBy(e => e.File))
            {
                (JsonElement root, _) = EndpointSpecs.Find(group.Key + "#" + group.First().Endpoint.GetProperty("name").GetString());
                string area = root.GetProperty("area").GetString()!;
                string client = root.GetProperty("client").GetString()!;
                foreach ((_, JsonElement endpoint) in group)
                {
                    string host = endpoint.TryGetProperty("host", out JsonElement h) ? h.GetString()! : "api.weixin.qq.com";
                    string path = endpoint.GetProperty("path").GetString()!;
                    bool redirect = endpoint.GetProperty("response").GetProperty("kind").GetString() == "redirect";
                    text.Append($"| {area} | {endpoint.GetProperty("method").GetString()} | `{(host == "api.weixin.qq.com" ? string.Empty : host)}{path}` | `client.{client}.{endpoint.GetProperty("name").GetString()}{(redirect ? "Url" : "Async")}` | {endpoint.GetProperty("auth").GetString()} | [doc]({endpoint.GetProperty("docUrl").GetString()}) |\n");
                }
            }

            return text.ToString();
        }
    }
}
