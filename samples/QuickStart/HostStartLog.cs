using Microsoft.Extensions.Configuration;

namespace QuickStart
{
    /// <summary>
    /// Holds back the host's own error log of a failed start ("Hosting failed to start" and the exception's stack trace)
    /// while the host starts: the QuickStart says why it could not start in one line instead. A configuration source
    /// below every other one, so <c>Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host</c> set anywhere else
    /// wins; critical lines still log. Once the application has started, the setting is gone and the host logs as usual.
    /// </summary>
    internal sealed class HostStartLog : ConfigurationProvider, IConfigurationSource
    {
        private const string Key = "Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host";

        public HostStartLog() => Data[Key] = "Critical";

        public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

        /// <summary>The host has started: its log level is the configured one again.</summary>
        public void Started()
        {
            if (Data.Remove(Key))
            {
                OnReload();
            }
        }
    }
}
