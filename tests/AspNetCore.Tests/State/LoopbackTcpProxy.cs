using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.Tests.State
{
    /// <summary>
    /// A TCP forwarder on loopback between a client and a real server, which can lose a connection the way a failed
    /// network or a killed server does: after the server received a request and did the work, but before its answer
    /// reached the client; or be down for a while, as a server failing over is.
    /// </summary>
    internal sealed class LoopbackTcpProxy : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly string _serverHost;
        private readonly int _serverPort;
        private readonly List<Link> _links = new();
        private readonly CancellationTokenSource _stopping = new();
        private readonly Task _accepting;
        private int _armed;
        private int _cuts;
        private volatile bool _down;

        public LoopbackTcpProxy(string serverHost, int serverPort)
        {
            _serverHost = serverHost;
            _serverPort = serverPort;
            _listener.Start();
            _accepting = AcceptAsync();
        }

        /// <summary>The loopback port clients connect to.</summary>
        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>How many connections were cut.</summary>
        public int Cuts => Volatile.Read(ref _cuts);

        /// <summary>
        /// The next bytes a client sends still reach the server, but nothing the server answers on that connection
        /// reaches the client, and half a second later (time for the server to finish) the connection closes.
        /// </summary>
        public void CutAfterNextRequest() => Volatile.Write(ref _armed, 1);

        /// <summary>
        /// While true, the server is out of reach: every open connection is closed, and each new one is closed as soon as
        /// it is accepted, before it reaches the server.
        /// </summary>
        public bool Down
        {
            get => _down;
            set
            {
                _down = value;
                if (value)
                {
                    lock (_links)
                    {
                        foreach (Link link in _links)
                        {
                            link.Close();
                        }

                        _links.Clear();
                    }
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stopping.Cancel();
            _listener.Stop();
            lock (_links)
            {
                foreach (Link link in _links)
                {
                    link.Close();
                }
            }

            try
            {
                await _accepting;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Stopped while accepting.
            }

            _stopping.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stopping.IsCancellationRequested)
            {
                TcpClient client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                if (_down)
                {
                    client.Dispose();
                    continue;
                }

                var server = new TcpClient();
                await server.ConnectAsync(_serverHost, _serverPort, _stopping.Token);
                var link = new Link(client, server);
                lock (_links)
                {
                    _links.Add(link);
                }

                _ = PumpAsync(link, client.GetStream(), server.GetStream(), fromClient: true);
                _ = PumpAsync(link, server.GetStream(), client.GetStream(), fromClient: false);
            }
        }

        private async Task PumpAsync(Link link, NetworkStream from, NetworkStream to, bool fromClient)
        {
            byte[] buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = await from.ReadAsync(buffer, _stopping.Token)) > 0)
                {
                    if (!fromClient && link.Swallowing)
                    {
                        continue;
                    }

                    await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
                    if (fromClient && Interlocked.Exchange(ref _armed, 0) == 1)
                    {
                        link.Swallowing = true;
                        Interlocked.Increment(ref _cuts);
                        _ = Task.Delay(TimeSpan.FromMilliseconds(500)).ContinueWith(_ => link.Close(), TaskScheduler.Default);
                    }
                }
            }
            catch (Exception ex) when (ex is System.IO.IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The other side closed, or the link was cut.
            }
            finally
            {
                link.Close();
            }
        }

        private sealed class Link(TcpClient client, TcpClient server)
        {
            public volatile bool Swallowing;

            public void Close()
            {
                client.Dispose();
                server.Dispose();
            }
        }
    }
}
