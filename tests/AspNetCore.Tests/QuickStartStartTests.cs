using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>The QuickStart started where it cannot run (a bad or taken address, a held database): one line saying what, exit code 1, no stack trace.</summary>
    public sealed class QuickStartStartTests
    {
        private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

        [Fact]
        public void A_port_in_use_stops_it_with_the_address_and_how_to_pick_another()
        {
            using var taken = new TcpListener(IPAddress.Loopback, 0);
            taken.Start();
            string address = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

            AssertStops(Run($"--urls {address} --QuickStart:Store memory"), $"Failed to bind to address {address}: address already in use.", "pass another address: --urls");
        }

        [Theory]
        [InlineData("127.0.0.1:5080", "'127.0.0.1:5080' in --urls is not an address to listen on.", "Write each address as http://HOST:PORT")]
        [InlineData("ftp://127.0.0.1:5080", "'ftp://127.0.0.1:5080' in --urls is not an http:// or https:// address.", "Write each address as http://HOST:PORT")]
        [InlineData("http://127.0.0.1:80a", "'http://127.0.0.1:80a' in --urls has a port that is not a number from 0 to 65535.", "Write each address as http://HOST:PORT")]
        [InlineData("http://127.0.0.1:70000", "'http://127.0.0.1:70000' in --urls has a port that is not a number from 0 to 65535.", "Write each address as http://HOST:PORT")]
        [InlineData("http://127.0.0.1:5080/wechat", "'http://127.0.0.1:5080/wechat' in --urls has a path: an address to listen on is only scheme, host and port.", "Pass --urls http://127.0.0.1:5080; the webhook is then at http://127.0.0.1:5080/wechat.")]
        [InlineData("http://192.0.2.1:5080", "Failed to bind to address http://192.0.2.1:5080: 192.0.2.1 is not an address of this machine.", "Listen on 127.0.0.1 or localhost")]
        public void An_address_it_cannot_listen_on_stops_it_with_the_reason(string urls, string reason, string hint)
        {
            AssertStops(Run($"--urls \"{urls}\" --QuickStart:Store memory"), reason, hint);
        }

        [Fact]
        public void An_https_address_without_a_certificate_stops_it_with_Kestrel_s_reason_in_one_line()
        {
            // A home without a development certificate, as on a fresh machine: what Kestrel cannot do is found only as the
            // host starts, and the host's own error log of it is held back.
            string home = Path.Combine(Path.GetTempPath(), "quickstart-home-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(home);
            try
            {
                var environment = new Dictionary<string, string> { ["HOME"] = home };
                AssertStops(
                    ChildProcess.Run("dotnet", $"\"{QuickStartBot.BuiltDll}\" --urls https://127.0.0.1:0 --QuickStart:Store memory", Hang, environment: environment),
                    "Unable to configure HTTPS endpoint. No server certificate was specified",
                    "dotnet dev-certs https");
            }
            finally
            {
                Directory.Delete(home, recursive: true);
            }
        }

        [State.PostgresFact]
        public void A_PostgreSQL_store_that_refuses_the_login_stops_it_with_the_server_s_reason()
        {
            string wrong = new Npgsql.NpgsqlConnectionStringBuilder(State.PostgresTestDatabase.ConnectionString!) { Password = "not-the-password" }.ConnectionString;

            AssertStops(
                Run($"--urls http://127.0.0.1:0 --QuickStart:Store postgres --QuickStart:Postgres \"{wrong}\""),
                "The PostgreSQL state store refuses this application: 28P01: password authentication failed for user",
                "Check Username and Password of the connection string");
        }

        [Fact]
        public void A_PostgreSQL_connection_string_it_cannot_read_stops_it_in_one_line()
        {
            AssertStops(
                Run("--urls http://127.0.0.1:0 --QuickStart:Store postgres --QuickStart:Postgres \"Hots=db\""),
                "The PostgreSQL connection string cannot be read: Couldn't set hots. Write it as Host=…;Username=…;Password=…;Database=… (Npgsql's keywords).");
        }

        [PrivilegedPortFact]
        public void A_port_below_1024_without_the_right_to_bind_it_stops_it_with_how_to_pick_another()
        {
            // As root, the child runs without CAP_NET_BIND_SERVICE (still root, so it can read the build output).
            bool root = Environment.UserName == "root";
            const string Arguments = "--urls http://127.0.0.1:80 --QuickStart:Store memory";
            AssertStops(root ? Run(Arguments, "setpriv", "--bounding-set=-net_bind_service dotnet") : Run(Arguments), "Failed to bind to address http://127.0.0.1:80: permission denied", "Pass a port from 1024 up");
        }

        [Fact]
        public void An_address_listed_twice_stops_it()
        {
            string address = $"http://127.0.0.1:{FreePort()}";

            AssertStops(Run($"--urls \"{address};{address}/\" --QuickStart:Store memory"), $"Failed to bind to address {address}/: it is in --urls twice.", "List each address once.");
        }

        [Fact]
        public async Task Each_address_it_listens_on_is_printed_with_the_webhook_path()
        {
            string second = $"http://127.0.0.1:{FreePort()}";

            await using QuickStartBot bot = await QuickStartBot.StartBuiltAsync("--urls", $"http://127.0.0.1:0;{second}");

            Assert.EndsWith($"/wechat, {second}/wechat", bot.Url, StringComparison.Ordinal);
            Assert.DoesNotContain(":0/", bot.Url, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Without_an_EncodingAESKey_it_says_so_and_serves_plaintext_pushes_only()
        {
            await using QuickStartBot bot = await QuickStartBot.StartBuiltAsync("--WeChat:EncodingAESKey=", "--QuickStart:Store", "memory");

            await bot.WaitForOutputAsync("Try: wechat simulate text");
            Assert.Contains("  EncodingAESKey: (none: plaintext pushes only; safe and compatible mode need WeChat:EncodingAESKey)", bot.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("or in safe mode", bot.Output, StringComparison.Ordinal);
            Assert.Equal(0, bot.Simulate("text --content plain").ExitCode);
            (int exitCode, string output) = bot.Simulate($"text --content safe --aes-key {QuickStartBot.AesKey} --app-id {QuickStartBot.AppId}");
            Assert.NotEqual(0, exitCode);
            Assert.Contains("HTTP 400 Bad Request: encrypted push, but this server has no WeChat:EncodingAESKey", output, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Each_WeChat_Accounts_section_is_served_at_its_own_path_with_its_own_settings()
        {
            const string ShopToken = "shop-token";
            const string ShopKey = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut";
            const string ShopAppId = "wxshop0000000000000";
            await using QuickStartBot bot = await QuickStartBot.StartBuiltAsync(
                "--QuickStart:Store", "memory",
                "--WeChat:Accounts:shop:Token", ShopToken,
                "--WeChat:Accounts:shop:AppId", ShopAppId,
                "--WeChat:Accounts:shop:EncodingAESKey", ShopKey);
            string shop = bot.Url + "/shop";

            await bot.WaitForOutputAsync($"  Account shop:   {shop} (WeChat:Accounts:shop, AppId {ShopAppId})");
            (int exitCode, string output) = ChildProcess.Run(
                "dotnet", $"\"{QuickStartBot.Cli}\" simulate text --content hi --url {shop} --token {ShopToken} --aes-key {ShopKey} --app-id {ShopAppId}", TimeSpan.FromSeconds(60));
            (int wrongExit, string wrong) = ChildProcess.Run(
                "dotnet", $"\"{QuickStartBot.Cli}\" simulate text --content hi --url {shop} --token {QuickStartBot.Token}", TimeSpan.FromSeconds(60));

            Assert.True(exitCode == 0, output);
            Assert.Contains("\"Content\":\"hi\\n(this is your first message)\"", output, StringComparison.Ordinal);
            Assert.NotEqual(0, wrongExit);
            Assert.Contains("HTTP 401 Unauthorized: bad or missing signature: it does not match sha1(sort(Token, timestamp, nonce)) with this server's WeChat:Accounts:shop:Token", wrong, StringComparison.Ordinal);
            Assert.Equal(0, bot.Simulate("text --content main").ExitCode);
        }

        [Fact]
        public void An_account_section_without_an_AppId_stops_it_with_the_key_named()
        {
            AssertStops(Run("--urls http://127.0.0.1:0 --QuickStart:Store memory --WeChat:Accounts:shop:Token shop-token"), "WeChat:Accounts:shop:AppId is not set");
        }

        [Fact]
        public async Task A_database_file_another_QuickStart_holds_stops_it_with_the_file_named()
        {
            await using QuickStartBot running = await QuickStartBot.StartBuiltAsync();

            AssertStops(Run($"--urls http://127.0.0.1:0 --QuickStart:Database \"{running.Database}\""), $"The SQLite state file '{running.Database}' is already in use by another process");
            Assert.Equal(0, running.Simulate("text --content still-here").ExitCode);
        }

        [Fact]
        public void A_database_file_that_is_not_a_SQLite_database_stops_it_with_the_file_named()
        {
            string file = Path.Combine(Path.GetTempPath(), $"quickstart-not-a-database-{Guid.NewGuid():N}.db");
            File.WriteAllText(file, "notes, not a database");
            try
            {
                AssertStops(Run($"--urls http://127.0.0.1:0 --QuickStart:Database \"{file}\""), $"The SQLite state file '{file}' is not a SQLite database");
            }
            finally
            {
                File.Delete(file);
                File.Delete(file + ".lock");
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        /// <summary>Runs the built sample with <paramref name="arguments"/> (through <paramref name="launcher"/>, e.g. setpriv, when given).</summary>
        private static (int ExitCode, string Output) Run(string arguments, string launcher = "dotnet", string launcherArguments = "") =>
            ChildProcess.Run(launcher, $"{launcherArguments} \"{QuickStartBot.BuiltDll}\" {arguments}".TrimStart(), Hang);

        /// <summary>
        /// The sample stopped with exit code 1 and "QuickStart could not start: <paramref name="reason"/>", followed by
        /// <paramref name="hint"/> when given, without listening and without a stack trace.
        /// </summary>
        private static void AssertStops((int ExitCode, string Output) run, string reason, string? hint = null)
        {
            Assert.True(run.ExitCode == 1, $"exit code {run.ExitCode}:\n{run.Output}");
            Assert.Contains($"QuickStart could not start: {reason}", run.Output, StringComparison.Ordinal);
            if (hint is not null)
            {
                Assert.Contains(hint, run.Output, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("listening on", run.Output, StringComparison.Ordinal);
            AssertNoStackTrace(run.Output);
        }

        // Neither the runtime's report of an unhandled exception nor the host's error log of a failed start, both of which
        // print the exception's stack trace.
        private static void AssertNoStackTrace(string output)
        {
            Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Hosting failed to start", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A fact about binding port 80 unprivileged: Linux refuses it below net.ipv4.ip_unprivileged_port_start (1024 unless
    /// lowered); elsewhere, or where it is lowered, the test has nothing to check and is skipped.
    /// </summary>
    public sealed class PrivilegedPortFactAttribute : FactAttribute
    {
        /// <summary>Decides the skip from the operating system.</summary>
        public PrivilegedPortFactAttribute()
        {
            const string Start = "/proc/sys/net/ipv4/ip_unprivileged_port_start";
            if (!OperatingSystem.IsLinux() || !File.Exists(Start) || int.Parse(File.ReadAllText(Start).Trim(), System.Globalization.CultureInfo.InvariantCulture) <= 80)
            {
                Skip = "only Linux with ports below 1024 privileged refuses an unprivileged bind of port 80";
            }
        }
    }
}
