using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>The real inbound payloads of ../shared/reference/fixtures: every message, event and device push.</summary>
    internal static class PushFixtures
    {
        public static readonly string Directory = Path.GetFullPath(Path.Combine(
            typeof(PushFixtures).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
            "..", "shared", "reference", "fixtures"));

        /// <summary>Their paths in ordinal order; more than 50, or the reference folder was not found.</summary>
        public static string[] InboundPaths()
        {
            string[] paths = System.IO.Directory.GetFiles(Directory, "*.xml")
                .Where(p => Path.GetFileName(p) is string n && (n.StartsWith("msg_", StringComparison.Ordinal) || n.StartsWith("event_", StringComparison.Ordinal) || n.StartsWith("device_", StringComparison.Ordinal)))
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToArray();
            Xunit.Assert.True(paths.Length > 50, $"only {paths.Length} fixtures found in {Directory}");
            return paths;
        }
    }
}
