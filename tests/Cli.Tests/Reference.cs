using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace WeChat.OfficialAccount.Cli.Tests
{
    /// <summary>The payloads and published crypto vectors in ../shared/reference, read at run time.</summary>
    internal static class Reference
    {
        public static string Root { get; } = typeof(Reference).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ReferenceRoot").Value!;

        private static readonly Lazy<JsonDocument> Vectors = new(() =>
            JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "crypto_test_vectors.json"))));

        public static string Fixture(string name) => Path.Combine(Root, "fixtures", name);

        public static byte[] FixtureBytes(string name) => File.ReadAllBytes(Fixture(name));

        public static JsonElement Vector(string id) =>
            Vectors.Value.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("id").GetString() == id);

        public static IEnumerable<JsonElement> VectorsOfKind(string kind) =>
            Vectors.Value.RootElement.GetProperty("vectors").EnumerateArray().Where(v => v.GetProperty("kind").GetString() == kind);

        public static string Input(this JsonElement vector, string name) => vector.GetProperty("input").GetProperty(name).GetString()!;

        public static string Expected(this JsonElement vector, string name) => vector.GetProperty("expected").GetProperty(name).GetString()!;

        /// <summary>
        /// The <c>key=value</c> settings in a fixture's first-line source comment (the EasyWeChat request names its
        /// token, key, AppID and query parameters there).
        /// </summary>
        public static IReadOnlyDictionary<string, string> FixtureComment(string name)
        {
            string firstLine = File.ReadLines(Fixture(name)).First();
            return Regex.Matches(firstLine, @"(\w+)=(\S+)")
                .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        }

        /// <summary>The text of the Encrypt element of an encrypted body.</summary>
        public static string EncryptOf(string body) =>
            Regex.Match(body, @"<Encrypt><!\[CDATA\[([^\]]+)\]\]></Encrypt>").Groups[1].Value;
    }
}
