using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;

namespace WeChat.OfficialAccount.Packaging.Tests
{
    /// <summary>What nuget.org and a user's IDE show about each package, and what each one carries.</summary>
    [Collection(PackagingCollection.Name)]
    public sealed class PackageMetadataTests
    {
        private readonly PackedPackages _packages;

        public PackageMetadataTests(PackedPackages packages) => _packages = packages;

        [Theory]
        [InlineData(PackedPackages.Sdk)]
        [InlineData(PackedPackages.Hosting)]
        [InlineData(PackedPackages.Cli)]
        public void Package_has_description_tags_readme_license_and_repository(string id)
        {
            using ZipArchive zip = ZipFile.OpenRead(_packages.Package(id));
            XElement metadata = Nuspec(zip, id);

            Assert.Equal(_packages.Version, Value(metadata, "version"));
            Assert.True(Value(metadata, "description").Length > 40, "description");
            Assert.Contains("wechat", Value(metadata, "tags").Split(' '));
            Assert.Equal("MIT", Value(metadata, "license"));
            Assert.Equal("expression", Child(metadata, "license").Attribute("type")?.Value);
            Assert.StartsWith("https://github.com/", Child(metadata, "repository").Attribute("url")?.Value, StringComparison.Ordinal);
            Assert.StartsWith("https://github.com/", Value(metadata, "projectUrl"), StringComparison.Ordinal);
            string readme = Value(metadata, "readme");
            using var reader = new StreamReader(Assert.Single(zip.Entries, e => e.FullName == readme).Open());
            Assert.StartsWith("# " + id, reader.ReadToEnd(), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(PackedPackages.Sdk, "lib/net10.0/WeChat.OfficialAccount.pdb")]
        [InlineData(PackedPackages.Hosting, "lib/net10.0/WeChat.OfficialAccount.AspNetCore.pdb")]
        [InlineData(PackedPackages.Cli, "tools/net10.0/any/wechat.pdb")]
        public void Package_has_a_symbols_package(string id, string pdb)
        {
            using ZipArchive zip = ZipFile.OpenRead(_packages.Symbols(id));

            Assert.Contains(zip.Entries, e => e.FullName == pdb);
        }

        [Fact]
        public void Sdk_package_has_both_target_frameworks_and_the_consumer_build_targets()
        {
            using ZipArchive zip = ZipFile.OpenRead(_packages.Package(PackedPackages.Sdk));
            string[] files = zip.Entries.Select(e => e.FullName).ToArray();

            Assert.Contains("lib/net8.0/WeChat.OfficialAccount.dll", files);
            Assert.Contains("lib/net10.0/WeChat.OfficialAccount.dll", files);
            Assert.Contains("lib/net10.0/WeChat.OfficialAccount.xml", files);
            Assert.Contains("buildTransitive/WeChat.OfficialAccount.targets", files);
            Assert.DoesNotContain(files, f => f.StartsWith("build/", StringComparison.Ordinal));
        }

        [Fact]
        public void Sdk_package_depends_on_no_package_for_its_generator_or_analyzers()
        {
            using ZipArchive zip = ZipFile.OpenRead(_packages.Package(PackedPackages.Sdk));

            string[] dependencies = Nuspec(zip, PackedPackages.Sdk).Descendants().Where(e => e.Name.LocalName == "dependency")
                .Select(e => e.Attribute("id")!.Value).Distinct().Order(StringComparer.Ordinal).ToArray();

            Assert.Equal(new[] { "Microsoft.Extensions.Configuration.Abstractions", "Microsoft.Extensions.Http", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Options" }, dependencies);
        }

        [Fact]
        public void Hosting_package_depends_on_the_same_sdk_version_with_its_analyzers_and_build_targets()
        {
            using ZipArchive zip = ZipFile.OpenRead(_packages.Package(PackedPackages.Hosting));

            XElement[] sdk = Nuspec(zip, PackedPackages.Hosting).Descendants()
                .Where(e => e.Name.LocalName == "dependency" && e.Attribute("id")?.Value == PackedPackages.Sdk).ToArray();

            Assert.Equal(2, sdk.Length);
            Assert.All(sdk, d => Assert.Equal(_packages.Version, d.Attribute("version")?.Value));
            Assert.All(sdk, d => Assert.Null(d.Attribute("exclude")));
        }

        [Fact]
        public void Cli_package_is_a_dotnet_tool_named_wechat()
        {
            using ZipArchive zip = ZipFile.OpenRead(_packages.Package(PackedPackages.Cli));

            Assert.Equal("DotnetTool", Child(Child(Nuspec(zip, PackedPackages.Cli), "packageTypes"), "packageType").Attribute("name")?.Value);
            using var reader = new StreamReader(Assert.Single(zip.Entries, e => e.FullName == "tools/net10.0/any/DotnetToolSettings.xml").Open());
            Assert.Contains("<Command Name=\"wechat\" EntryPoint=\"wechat.dll\"", reader.ReadToEnd(), StringComparison.Ordinal);
            Assert.Contains(zip.Entries, e => e.FullName == "tools/net10.0/any/wechat.dll");
        }

        private static XElement Nuspec(ZipArchive zip, string id)
        {
            using Stream stream = Assert.Single(zip.Entries, e => e.FullName == id + ".nuspec").Open();
            return Child(XDocument.Load(stream).Root!, "metadata");
        }

        private static XElement Child(XElement parent, string name) =>
            parent.Elements().SingleOrDefault(e => e.Name.LocalName == name) ?? throw new Xunit.Sdk.XunitException($"the nuspec has no <{name}>");

        private static string Value(XElement metadata, string name) => Child(metadata, name).Value.Trim();
    }
}
