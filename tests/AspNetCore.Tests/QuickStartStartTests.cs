using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>The QuickStart started where something is already taken: one line saying what, exit code 1, no stack trace.</summary>
    public sealed class QuickStartStartTests
    {
        private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

        [Fact]
        public void A_port_in_use_stops_it_with_the_address_and_how_to_pick_another()
        {
            using var taken = new TcpListener(IPAddress.Loopback, 0);
            taken.Start();
            string address = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

            (int exitCode, string output) = ChildProcess.Run("dotnet", $"\"{QuickStartBot.BuiltDll}\" --urls {address} --QuickStart:Store memory", Hang);

            Assert.Equal(1, exitCode);
            Assert.Contains($"QuickStart could not start: Failed to bind to address {address}: address already in use.", output, StringComparison.Ordinal);
            Assert.Contains("pass another address: --urls", output, StringComparison.Ordinal);
            AssertNoStackTrace(output);
        }

        [Fact]
        public async Task A_database_file_another_QuickStart_holds_stops_it_with_the_file_named()
        {
            await using QuickStartBot running = await QuickStartBot.StartBuiltAsync();

            (int exitCode, string output) = ChildProcess.Run("dotnet", $"\"{QuickStartBot.BuiltDll}\" --urls http://127.0.0.1:0 --QuickStart:Database \"{running.Database}\"", Hang);

            Assert.Equal(1, exitCode);
            Assert.Contains($"QuickStart could not start: The SQLite state file '{running.Database}' is already in use by another process", output, StringComparison.Ordinal);
            Assert.DoesNotContain("listening on", output, StringComparison.Ordinal);
            AssertNoStackTrace(output);
            Assert.Equal(0, running.Simulate("text --content still-here").ExitCode);
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
}
