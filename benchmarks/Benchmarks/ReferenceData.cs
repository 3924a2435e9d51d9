using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace WeChat.OfficialAccount.Benchmarks
{
    /// <summary>The shared reference fixtures, located through the ReferenceRoot assembly metadata.</summary>
    internal static class ReferenceData
    {
        private static readonly string Root = typeof(ReferenceData).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ReferenceRoot").Value
            ?? throw new InvalidOperationException("The ReferenceRoot assembly metadata is missing.");

        /// <summary>The bytes of one file under fixtures/.</summary>
        public static byte[] Fixture(string fileName) => File.ReadAllBytes(Path.Combine(Root, "fixtures", fileName));

        /// <summary>Every inbound message, event and device fixture (msg_*, event_*, device_*), in ordinal name order.</summary>
        public static IReadOnlyList<(string Name, byte[] Body)> InboundCorpus() =>
            Directory.GetFiles(Path.Combine(Root, "fixtures"), "*.xml")
                .Select(Path.GetFileName)
                .Where(name => name!.StartsWith("msg_", StringComparison.Ordinal)
                    || name.StartsWith("event_", StringComparison.Ordinal)
                    || name.StartsWith("device_", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(name => (name!, Fixture(name!)))
                .ToList();
    }
}
