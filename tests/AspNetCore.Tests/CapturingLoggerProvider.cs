using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>Collects the text of every message of one level (warnings unless told) logged through it.</summary>
    internal sealed class CapturingLoggerProvider(List<string> messages, LogLevel level = LogLevel.Warning) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == level)
            {
                lock (messages)
                {
                    messages.Add(formatter(state, exception));
                }
            }
        }

        public void Dispose()
        {
        }
    }
}
