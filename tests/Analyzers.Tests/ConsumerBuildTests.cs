using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace WeChat.OfficialAccount.Analyzers.Tests
{
    /// <summary>A consumer project with a broken menu, built with <c>dotnet build</c>: the WXM IDs fail the build.</summary>
    public sealed class ConsumerBuildTests
    {
        private static readonly string RepoRoot = typeof(ConsumerBuildTests).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

        [Fact]
        public void Broken_menu_fails_dotnet_build_with_the_right_ids_and_places()
        {
            string dir = Path.Combine(Path.GetTempPath(), "wechat-broken-menu-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string src = Path.Combine(RepoRoot, "src");
                File.WriteAllText(Path.Combine(dir, "Broken.csproj"), $"""
                    <Project Sdk="Microsoft.NET.Sdk">
                      <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
                      <ItemGroup>
                        <ProjectReference Include="{src}/Runtime/WeChat.OfficialAccount.csproj" />
                        <ProjectReference Include="{src}/Generator/WeChat.OfficialAccount.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                        <ProjectReference Include="{src}/Analyzers/WeChat.OfficialAccount.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                        <AdditionalFiles Include="*.menu.json" />
                      </ItemGroup>
                    </Project>
                    """);
                File.WriteAllText(Path.Combine(dir, "main.menu.json"), """
                    {"button":[
                      {"type":"click","name":"一二三四五六","key":"A"},
                      {"type":"view","name":"b","url":"ftp://example.com"},
                      {"type":"click","name":"c","key":"C"},
                      {"type":"click","name":"d","key":"D"}]}
                    """);
                File.WriteAllText(Path.Combine(dir, "Program.cs"), """
                    using WeChat.OfficialAccount.Api;
                    var menu = new MenuCreateRequest { Button = { new MenuButton { Type = "click", Name = "x" } } };
                    System.Console.WriteLine(menu.ToJson());
                    """);

                (int exitCode, string output) = Run("dotnet", $"build \"{Path.Combine(dir, "Broken.csproj")}\" --no-dependencies -nologo -clp:NoSummary");

                Assert.NotEqual(0, exitCode);
                Assert.Contains("main.menu.json(2,26): error WXM003", output);
                Assert.Contains("main.menu.json(3,35): error WXM005", output);
                Assert.Contains("main.menu.json(5,3): error WXM001", output);
                Assert.Matches(@"Program\.cs\(2,\d+\): error WXM004", output);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        private static (int ExitCode, string Output) Run(string file, string arguments)
        {
            var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEndAsync().GetAwaiter().GetResult() + process.StandardError.ReadToEnd();
            if (!process.WaitForExit(300_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("dotnet build did not finish in 5 minutes:\n" + output);
            }

            return (process.ExitCode, output);
        }
    }
}
