using System.Collections.Generic;
using System.IO;
using System.Linq;
using WeChat.OfficialAccount.Tests.Security;

namespace WeChat.OfficialAccount.Tests
{
    /// <summary>The real payloads in ../shared/reference/fixtures.</summary>
    internal static class Fixtures
    {
        public static string Directory { get; } = Path.Combine(CryptoReference.Root, "fixtures");

        /// <summary>Every inbound message, event and device fixture.</summary>
        public static IEnumerable<string> InboundNames => System.IO.Directory.GetFiles(Directory, "*.xml")
            .Select(Path.GetFileName)
            .Where(n => n!.StartsWith("msg_") || n.StartsWith("event_") || n.StartsWith("device_"))
            .OrderBy(n => n, System.StringComparer.Ordinal)!;

        public static IEnumerable<string> ReplyNames => System.IO.Directory.GetFiles(Directory, "reply_*.xml")
            .Select(Path.GetFileName)
            .OrderBy(n => n, System.StringComparer.Ordinal)!;

        public static IEnumerable<string> AllNames => System.IO.Directory.GetFiles(Directory, "*.xml")
            .Select(Path.GetFileName)
            .OrderBy(n => n, System.StringComparer.Ordinal)!;

        public static TheoryData<string> Inbound() => ToTheory(InboundNames);

        public static TheoryData<string> Replies() => ToTheory(ReplyNames);

        public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

        private static TheoryData<string> ToTheory(IEnumerable<string> names)
        {
            var data = new TheoryData<string>();
            foreach (string name in names)
            {
                data.Add(name);
            }

            return data;
        }
    }
}
