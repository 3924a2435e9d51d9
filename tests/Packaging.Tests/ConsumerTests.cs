using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace WeChat.OfficialAccount.Packaging.Tests
{
    /// <summary>
    /// A user's view: tests/Consumer restored from the packed packages (nothing from the working tree), with its own
    /// spec files and menu; a copy with a broken menu; the `wechat` tool installed from the feed.
    /// </summary>
    [Collection(PackagingCollection.Name)]
    public sealed class ConsumerTests
    {
        private readonly PackedPackages _packages;

        public ConsumerTests(PackedPackages packages) => _packages = packages;

        [Fact]
        public void Consumer_restores_the_packed_packages_from_the_feed_and_builds_without_warnings()
        {
            BuiltConsumer consumer = _packages.Consumer;

            Assert.DoesNotMatch(@": warning [A-Z]+\d+", consumer.Build.Output);
            string assets = File.ReadAllText(Path.Combine(consumer.Directory, "obj", "project.assets.json"));
            Assert.Contains($"\"{PackedPackages.Sdk}/{_packages.Version}\"", assets, StringComparison.Ordinal);
            Assert.Contains($"\"{PackedPackages.Hosting}/{_packages.Version}\"", assets, StringComparison.Ordinal);
            // Extracted from the feed into this run's own packages folder: no cache held this version before.
            Assert.True(File.Exists(Path.Combine(_packages.PackagesFolder, PackedPackages.Sdk.ToLowerInvariant(), _packages.Version, "analyzers", "dotnet", "cs", "WeChat.OfficialAccount.Generator.dll")));
        }

        [Fact]
        public void Sdk_messages_client_and_webhook_work_in_the_consumer()
        {
            BuiltConsumer consumer = _packages.Consumer;

            Assert.Equal("WeChat.OfficialAccount.Messages.TextMessage hello", consumer.Fact("sdk-message"));
            Assert.Equal("iTqRJFSEqk9RvPk", consumer.Fact("sdk-endpoint"));
            Assert.Equal("200 echo: ping to=o_consumer", consumer.Fact("webhook-reply"));
        }

        [Fact]
        public void Consumer_event_pushed_to_the_webhook_reaches_its_handler_typed()
        {
            Assert.Equal("200 media check trace-7: risky to=o_consumer", _packages.Consumer.Fact("webhook-own-event"));
        }

        [Fact]
        public void Consumer_spec_event_is_generated_in_its_namespace_and_parsed_by_the_sdk_parser()
        {
            BuiltConsumer consumer = _packages.Consumer;

            Assert.Equal("ConsumerBot.Extensions.MediaCheckEvent risky=True trace=trace-7 status=0 app=wxconsumer", consumer.Fact("own-event"));
            Assert.Equal("{\"$type\":\"MediaCheckEvent\",\"ToUserName\":\"gh_consumer\",\"FromUserName\":\"o_consumer\",\"CreateTime\":1700000000,\"MsgType\":\"event\","
                + "\"Event\":\"wxa_media_check\",\"isrisky\":true,\"extra_info_json\":\"\",\"appid\":\"wxconsumer\",\"trace_id\":\"trace-7\",\"status_code\":0}", consumer.Fact("own-event-json"));
            Assert.Equal("UnknownEvent", consumer.Fact("sdk-alone"));
            Assert.Equal("WeChat.OfficialAccount.Events.SubscribeEvent", consumer.Fact("sdk-through-combined"));
        }

        [Fact]
        public void Consumer_spec_endpoint_is_a_client_method_that_runs_through_the_sdk_pipeline()
        {
            BuiltConsumer consumer = _packages.Consumer;

            // The first access_token is refused (40001): the SDK renews it and resends; the body is the generated JSON.
            Assert.Equal("trace=trace-token-2 tokens=2 body={\"media_url\":\"https://example.com/a.jpg\",\"media_type\":2}", consumer.Fact("own-endpoint"));
            Assert.Equal("40097 invalid args", consumer.Fact("own-endpoint-error"));
        }

        [Fact]
        public void Consumer_gets_menu_keys_and_only_its_own_generated_types()
        {
            BuiltConsumer consumer = _packages.Consumer;

            Assert.Equal("V1001_TODAY_MUSIC", consumer.Fact("menu-key"));
            Assert.Equal(
                "ConsumerBot.Extensions.MediaCheckApi, ConsumerBot.Extensions.MediaCheckAsyncRequest, ConsumerBot.Extensions.MediaCheckAsyncResponse, "
                + "ConsumerBot.Extensions.MediaCheckEvent, ConsumerBot.Menus.Main, ConsumerBot.Menus.Main+Keys, ConsumerBot.WeChatSpecTypes, Program",
                consumer.Fact("own-public-types"));
        }

        [Fact]
        public void Broken_menu_fails_the_build_with_wxm_ids_through_the_hosting_package_alone()
        {
            string directory = _packages.CopyConsumer("broken-menu");
            // Only the hosting package: the SDK's analyzers and build targets must come along transitively.
            string project = Path.Combine(directory, "Consumer.csproj");
            string[] lines = File.ReadAllLines(project);
            File.WriteAllLines(project, lines.Where(l => !l.Contains($"Include=\"{PackedPackages.Sdk}\"", StringComparison.Ordinal)));
            Assert.Equal(lines.Length - 1, File.ReadAllLines(project).Length);
            File.WriteAllText(Path.Combine(directory, "main.menu.json"), """
                {"button":[
                  {"type":"click","name":"一二三四五六","key":"V1001_TODAY_MUSIC"},
                  {"type":"view","name":"b","url":"ftp://example.com"},
                  {"type":"click","name":"c","key":"C"},
                  {"type":"click","name":"d","key":"D"}]}
                """);

            ProcessResult build = _packages.Dotnet(directory, "build", "Consumer.csproj", "-nologo", "-clp:NoSummary", $"-p:WeChatPackageVersion={_packages.Version}");

            Assert.NotEqual(0, build.ExitCode);
            Assert.Contains("main.menu.json(2,26): error WXM003", build.Output, StringComparison.Ordinal);
            Assert.Contains("main.menu.json(3,35): error WXM005", build.Output, StringComparison.Ordinal);
            Assert.Contains("main.menu.json(5,3): error WXM001", build.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("error CS", build.Output, StringComparison.Ordinal);
        }

        [Fact]
        public void Wechat_tool_installs_from_the_feed_and_signs()
        {
            string tools = Path.Combine(_packages.Root, "tools");
            _packages.Dotnet(_packages.Root, "tool", "install", "--tool-path", tools, "--add-source", _packages.Feed, PackedPackages.Cli, "--version", _packages.Version).EnsureSuccess();
            JsonElement vector = OfficialVector("official-get-verify");
            string shim = Path.Combine(tools, RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "wechat.exe" : "wechat");

            ProcessResult sign = DotnetCli.RunProgram(shim, _packages.Root, _packages.PackagesFolder,
                "sign", "--token", Input(vector, "token"), "--timestamp", Input(vector, "timestamp"), "--nonce", Input(vector, "nonce")).EnsureSuccess();

            Assert.Equal(vector.GetProperty("expected").GetProperty("signature").GetString(), sign.Output.Trim());
        }

        private static JsonElement OfficialVector(string id)
        {
            string root = typeof(ConsumerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ReferenceRoot").Value!;
            using JsonDocument vectors = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "crypto_test_vectors.json")));
            return vectors.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("id").GetString() == id).Clone();
        }

        private static string Input(JsonElement vector, string name) => vector.GetProperty("input").GetProperty(name).GetString()!;
    }
}
