using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;

namespace WeChat.OfficialAccount.Tests.Security
{
    /// <summary>The published vectors in ../shared/reference, read at run time so the tests follow the file.</summary>
    internal static class CryptoReference
    {
        public static string Root { get; } = typeof(CryptoReference).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ReferenceRoot").Value!;

        private static readonly Lazy<JsonDocument> Document = new(() =>
            JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "crypto_test_vectors.json"))));

        public static IEnumerable<JsonElement> Vectors => Document.Value.RootElement.GetProperty("vectors").EnumerateArray();

        public static TheoryData<string> IdsOfKind(string kind)
        {
            var data = new TheoryData<string>();
            foreach (JsonElement v in Vectors.Where(v => v.GetProperty("kind").GetString() == kind))
            {
                data.Add(v.GetProperty("id").GetString()!);
            }

            return data;
        }

        public static JsonElement Vector(string id) => Vectors.Single(v => v.GetProperty("id").GetString() == id);

        public static string Input(this JsonElement vector, string name) => vector.GetProperty("input").GetProperty(name).GetString()!;

        public static string Expected(this JsonElement vector, string name) => vector.GetProperty("expected").GetProperty(name).GetString()!;

        public static bool HasExpected(this JsonElement vector, string name) => vector.GetProperty("expected").TryGetProperty(name, out _);

        public static string ReadFixture(string name) => File.ReadAllText(Path.Combine(Root, "fixtures", name));
    }
}
