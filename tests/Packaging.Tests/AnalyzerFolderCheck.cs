using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace WeChat.OfficialAccount.Packaging.Tests
{
    /// <summary>
    /// The rules for a package's <c>analyzers/</c> folder (reference/generator-models.md §Packaging): one slot,
    /// <c>analyzers/dotnet/cs</c>, no <c>roslyn4.x</c> slots beside it (a non-SDK project would load every slot and get
    /// every type twice); Roslyn itself is the host's and never shipped; and every assembly an analyzer, the generator
    /// or the code fixes reference is either in that folder or provided by the compiler/IDE that loads them.
    /// </summary>
    internal static class AnalyzerFolderCheck
    {
        /// <summary>The single slot.</summary>
        public const string Slot = "analyzers/dotnet/cs/";

        // What the host loads an analyzer into: the netstandard facade, and Roslyn with its own dependencies
        // (Microsoft.CodeAnalysis.CSharp.Workspaces' netstandard2.0 closure, MEF included). Anything else is a
        // generation-time dependency and must be shipped in the slot (the cookbook: "there are no automatic facilities").
        private static readonly HashSet<string> HostAssemblies = new(StringComparer.OrdinalIgnoreCase)
        {
            "netstandard", "mscorlib",
            "Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp", "Microsoft.CodeAnalysis.Workspaces", "Microsoft.CodeAnalysis.CSharp.Workspaces",
            "System.Collections.Immutable", "System.Reflection.Metadata", "System.Memory", "System.Buffers", "System.Numerics.Vectors",
            "System.Runtime.CompilerServices.Unsafe", "System.Threading.Tasks.Extensions", "System.Text.Encoding.CodePages",
            "System.Composition.AttributedModel", "System.Composition.Convention", "System.Composition.Hosting",
            "System.Composition.Runtime", "System.Composition.TypedParts",
        };

        /// <summary>Every file under <c>analyzers/</c> in a .nupkg, by its path in the package.</summary>
        public static SortedDictionary<string, byte[]> Read(string nupkg)
        {
            var entries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            using ZipArchive zip = ZipFile.OpenRead(nupkg);
            foreach (ZipArchiveEntry entry in zip.Entries.Where(e => e.FullName.StartsWith("analyzers/", StringComparison.Ordinal)))
            {
                using var buffer = new MemoryStream();
                using (Stream stream = entry.Open())
                {
                    stream.CopyTo(buffer);
                }

                entries.Add(entry.FullName, buffer.ToArray());
            }

            return entries;
        }

        /// <summary>The assemblies an assembly references, with their versions.</summary>
        public static IReadOnlyList<(string Name, Version Version)> References(byte[] assembly)
        {
            using var pe = new PEReader(new MemoryStream(assembly));
            MetadataReader metadata = pe.GetMetadataReader();
            return metadata.AssemblyReferences
                .Select(handle => metadata.GetAssemblyReference(handle))
                .Select(reference => (metadata.GetString(reference.Name), reference.Version))
                .ToList();
        }

        /// <summary>One line per broken rule; empty when the folder is right.</summary>
        /// <param name="entries">Every file under <c>analyzers/</c>, by package path.</param>
        public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, byte[]> entries)
        {
            var problems = new List<string>();
            var shipped = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string path in entries.Keys)
            {
                string name = path.StartsWith(Slot, StringComparison.Ordinal) ? path[Slot.Length..] : string.Empty;
                if (name.Length == 0 || name.Contains('/'))
                {
                    problems.Add($"{path}: outside the single slot {Slot} (a second slot, e.g. roslyn4.x, makes non-SDK projects load everything twice)");
                    continue;
                }

                if (name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                {
                    shipped[Path.GetFileNameWithoutExtension(name)] = path;
                }
            }

            foreach ((string assembly, string path) in shipped.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                if (HostAssemblies.Contains(assembly))
                {
                    problems.Add($"{path}: {assembly} is the host's; shipping it loads a second copy or fails to load (CS8032)");
                    continue;
                }

                foreach ((string reference, Version version) in References(entries[path]))
                {
                    if (!HostAssemblies.Contains(reference) && !shipped.ContainsKey(reference))
                    {
                        problems.Add($"{path}: references {reference} {version}, which is neither in {Slot} nor provided by the compiler; ship it beside the generator");
                    }
                }
            }

            return problems;
        }
    }
}
