using System;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace WeChat.OfficialAccount.Packaging.Tests
{
    /// <summary>
    /// Writes a minimal real assembly (a PE file with metadata, no code) that references the given assemblies: what a
    /// generator compiled against a third-party library looks like to the analyzer-folder check.
    /// </summary>
    internal static class ReferencingAssembly
    {
        public static byte[] Create(string name, params string[] references)
        {
            var metadata = new MetadataBuilder();
            metadata.AddModule(0, metadata.GetOrAddString(name + ".dll"), metadata.GetOrAddGuid(Guid.NewGuid()), default, default);
            metadata.AddAssembly(metadata.GetOrAddString(name), new Version(1, 0, 0, 0), default, default, default, AssemblyHashAlgorithm.Sha1);
            foreach (string reference in references)
            {
                metadata.AddAssemblyReference(metadata.GetOrAddString(reference), new Version(1, 0, 0, 0), default, default, default, default);
            }

            metadata.AddTypeDefinition(default, default, metadata.GetOrAddString("<Module>"), default, MetadataTokens.FieldDefinitionHandle(1), MetadataTokens.MethodDefinitionHandle(1));
            var pe = new ManagedPEBuilder(PEHeaderBuilder.CreateLibraryHeader(), new MetadataRootBuilder(metadata), new BlobBuilder());
            var image = new BlobBuilder();
            pe.Serialize(image);
            return image.ToArray();
        }
    }
}
