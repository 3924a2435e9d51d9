using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;

namespace WeChat.OfficialAccount.Tests.Http
{
    /// <summary>The endpoint spec files of the repository, read at run time so the tests follow the spec.</summary>
    internal static class EndpointSpecs
    {
        public static string RepoRoot { get; } = typeof(EndpointSpecs).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

        private static readonly Lazy<List<(string File, JsonElement Root)>> Files = new(() =>
            Directory.GetFiles(Path.Combine(RepoRoot, "spec", "endpoints"), "*.wechat.json")
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => (Path.GetFileName(p), JsonDocument.Parse(File.ReadAllText(p)).RootElement))
                .ToList());

        public static IEnumerable<(string File, JsonElement Endpoint)> All() =>
            Files.Value.SelectMany(f => f.Root.GetProperty("endpoints").EnumerateArray().Select(e => (f.File, e)));

        public static (JsonElement File, JsonElement Endpoint) Find(string id)
        {
            string[] parts = id.Split('#');
            JsonElement root = Files.Value.Single(f => f.File == parts[0]).Root;
            return (root, root.GetProperty("endpoints").EnumerateArray().Single(e => e.GetProperty("name").GetString() == parts[1]));
        }
    }
}
