using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WeChat.OfficialAccount.AspNetCore;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.Events;
using WeChat.OfficialAccount.Http;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using QuickStart;

// A working bot in one file: `dotnet run --project samples/QuickStart`, then
// `wechat simulate text --url http://127.0.0.1:5080/wechat --token <printed token> --content hello`.
const string DevelopmentToken = "quickstart-dev-token";
const string DevelopmentAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const string DevelopmentAppId = "wxquickstart0000000";
const string PortTakenHint = "Another process (another QuickStart?) listens there; stop it or pass another address: --urls http://127.0.0.1:5081";

// What a developer gets wrong at start-up — a key pasted short, the port or the database file already taken by another
// QuickStart — ends the process with that one reason and exit code 1, not an unhandled exception's stack trace.
try
{
    return Run(args);
}
catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException or IOException or SocketException or FormatException or ArgumentException)
{
    Console.Error.WriteLine($"QuickStart could not start: {ex.Message}");
    if (ex is IOException && ex.InnerException is AddressInUseException)
    {
        Console.Error.WriteLine(PortTakenHint);
    }

    return 1;
}

static int Run(string[] args)
{
    WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
    // ASP.NET Core starts an Activity and a logging scope for every request whenever its hosting logger is enabled at any
    // level: about 3 µs a request here (docs/benchmarks.md), for "Request starting/finished" lines a bot does not need. Off
    // by default, below every other configuration source, so Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics (or
    // Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics) turns it back on. The rest of ASP.NET Core logs from
    // Warning up, as in the `dotnet new web` template's appsettings.json: otherwise routing writes "Executing endpoint" and
    // "Executed endpoint" for every push. The bot's own lines, the start-up lines and the framework's warnings and errors
    // still log; an OpenTelemetry listener still gets its request activities.
    builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
    {
        InitialData =
        [
            new("Logging:LogLevel:Microsoft.AspNetCore", "Warning"),
            new("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "None"),
        ],
    });
    // What keeps the host from starting is said in one line below; its own error log with the stack trace is held back.
    var hostStartLog = new HostStartLog();
    builder.Configuration.Sources.Insert(0, hostStartLog);
    string urls = builder.Configuration["urls"] ?? "http://127.0.0.1:5080";
    if (ListenProblem(urls) is { } problem)
    {
        // Kestrel would say the same after a page of the host's error log with its stack trace (or crash on a malformed
        // address); said first, it is one line.
        Console.Error.WriteLine($"QuickStart could not start: {problem.Reason}");
        Console.Error.WriteLine(problem.Hint);
        return 1;
    }

    builder.WebHost.UseUrls(urls);
    IConfigurationSection wechat = builder.Configuration.GetSection("WeChat");
    string token = wechat["Token"] ?? DevelopmentToken;
    string aesKey = wechat["EncodingAESKey"] ?? DevelopmentAesKey;
    string appId = wechat["AppId"] ?? DevelopmentAppId;

    builder.Services.AddWeChatWebhook(builder.Configuration, o =>
    {
        o.Token = token;
        o.EncodingAESKey = aesKey;
        o.AppId = appId;
    });
    // State: one SQLite file by default (QuickStart:Database); QuickStart:Store=memory keeps it in the process (the load
    // benchmark compares both); QuickStart:Store=postgres shares it between several bot processes (QuickStart:Postgres).
    // The file lives in the user's data folder, not the content root: ASP.NET Core watches the content root for
    // configuration changes, and a database there would wake that watcher on every write.
    string state = "memory (lost when the process stops)";
    switch (builder.Configuration["QuickStart:Store"]?.ToLowerInvariant() ?? "sqlite")
    {
        case "sqlite":
            string database = builder.Configuration["QuickStart:Database"] ?? DefaultDatabase();
            builder.Services.AddWeChatSqliteState("Data Source=" + database);
            state = "SQLite, " + database;
            break;
        case "postgres":
            string postgres = builder.Configuration["QuickStart:Postgres"]
                ?? throw new InvalidOperationException("QuickStart:Store=postgres needs QuickStart:Postgres, an Npgsql connection string such as Host=127.0.0.1;Username=wechat;Password=…;Database=wechat.");
            builder.Services.AddWeChatPostgresState(postgres); // refuses a connection string it cannot read
            // Where the state is, without the password.
            var where = new Npgsql.NpgsqlConnectionStringBuilder(postgres);
            state = $"PostgreSQL, {where.Username}@{where.Host}:{where.Port}/{where.Database}{(where.SearchPath is { Length: > 0 } path ? " (search path " + path + ")" : string.Empty)}";
            break;
        case "memory":
            break;
        default:
            throw new InvalidOperationException($"QuickStart:Store must be sqlite, memory or postgres, not \"{builder.Configuration["QuickStart:Store"]}\".");
    }
    // Late replies (a handler past the deadline) go out through the API client, with WeChat:AppSecret from configuration.
    builder.Services.AddWeChatClient(builder.Configuration, o => o.AppId = appId);
    // More accounts: each WeChat:Accounts:{name} section (Token, AppId, EncodingAESKey, AppSecret) is served at
    // /wechat/{name} by the same handlers, with its own settings and client (docs/hosting.md, several accounts).
    string[] accounts = builder.Configuration.GetSection("WeChat:Accounts").GetChildren().Select(account => account.Key).ToArray();
    foreach (string account in accounts)
    {
        builder.Services.AddWeChatWebhook(account, builder.Configuration);
        builder.Services.AddWeChatClient(account, builder.Configuration);
    }

    // GET /healthz: 200 while the state store answers, 503 with the reason in the log when it does not (for a load balancer).
    builder.Services.AddHealthChecks().AddWeChatState();

    WebApplication app = builder.Build();
    app.MapWeChat("/wechat", Handlers);
    foreach (string account in accounts)
    {
        app.MapWeChat("/wechat/" + account, account, Handlers);
    }

    static void Handlers(WeChatHandlers handlers) => handlers
        .On<TextMessage>(CounterEcho.Reply)
        .On<ImageMessage>((image, _) => new ImageReply { Image = { MediaId = image.MediaId } })
        .On<VoiceMessage>((voice, _) => string.IsNullOrEmpty(voice.Recognition) ? null : new TextReply { Content = voice.Recognition })
        .On<LocationMessage>((location, _) => new TextReply
        {
            Content = string.Create(CultureInfo.InvariantCulture, $"You are at {location.Latitude}, {location.Longitude} ({location.Label})"),
        })
        .On<SubscribeEvent>((subscribe, _) => new TextReply
        {
            Content = subscribe.QrScene is { } scene ? $"Welcome! You came through QR scene {scene}." : "Welcome!",
        })
        .On<ClickEvent>((click, _) => new TextReply { Content = $"You tapped the menu button {click.EventKey}." });
    app.MapHealthChecks("/healthz");

    app.Lifetime.ApplicationStarted.Register(() =>
    {
        hostStartLog.Started();
        Console.WriteLine($"WeChat QuickStart listening on {string.Join(", ", app.Urls.Select(url => url + "/wechat"))}");
        Console.WriteLine($"  Token:          {token}{(token == DevelopmentToken ? "  (development default; set WeChat:Token)" : string.Empty)}");
        Console.WriteLine(aesKey.Length == 0
            ? "  EncodingAESKey: (none: plaintext pushes only; safe and compatible mode need WeChat:EncodingAESKey)"
            : $"  EncodingAESKey: {aesKey}{(aesKey == DevelopmentAesKey ? "  (development default; set WeChat:EncodingAESKey)" : string.Empty)}");
        Console.WriteLine($"  AppId:          {appId}");
        Console.WriteLine(string.IsNullOrEmpty(app.Configuration["WeChat:AppSecret"])
            ? "  AppSecret:      (none: a reply past the 4.5 s deadline cannot be sent as a customer-service message; set WeChat:AppSecret)"
            : "  AppSecret:      set (replies past the 4.5 s deadline go out as customer-service messages)");
        foreach (string account in accounts)
        {
            Console.WriteLine($"{$"  Account {account}:",-18}{string.Join(", ", app.Urls.Select(url => url + "/wechat/" + account))} (WeChat:Accounts:{account}, AppId {app.Configuration[$"WeChat:Accounts:{account}:AppId"]})");
        }

        Console.WriteLine($"  State:          {state}");
        Console.WriteLine($"  Health:         {string.Join(", ", app.Urls.Select(url => url + "/healthz"))}");
        string simulate = $"wechat simulate text --url {app.Urls.FirstOrDefault()}/wechat --token {token}";
        Console.WriteLine($"Try: {simulate} --content hello");
        if (aesKey.Length > 0)
        {
            Console.WriteLine($"  or in safe mode, as WeChat sends it encrypted: {simulate} --aes-key {aesKey} --app-id {appId} --content hello");
        }

        Console.WriteLine($"Check the URL as WeChat does when the server settings are saved: wechat verify --url {app.Urls.FirstOrDefault()}/wechat --token {token}");
    });
    app.Run();
    return 0;
}

// Why Kestrel could not listen on the addresses of --urls (or ASPNETCORE_URLS), with what to do instead, or null: each
// address is parsed as Kestrel parses it and bound as Kestrel would bind it — localhost and IP literals as given, any other
// host name on every interface. Whatever else keeps Kestrel from listening (an https address without a certificate) is
// left for Kestrel to report.
static (string Reason, string Hint)? ListenProblem(string urls)
{
    const string Example = "Write each address as http://HOST:PORT, e.g. --urls http://127.0.0.1:5080 (several separated by ';')";
    var listed = new HashSet<string>(StringComparer.Ordinal);
    foreach (string url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return ($"'{url}' in --urls is not an address to listen on.", Example);
        }

        if (address.IsUnixPipe || address.IsNamedPipe)
        {
            continue;
        }

        if (!address.Scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && !address.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            return ($"'{url}' in --urls is not an http:// or https:// address.", Example);
        }

        // Kestrel reads "http://127.0.0.1:80a" as the host name "127.0.0.1:80a" on port 80, and so listens on every interface.
        if ((address.Host.Contains(':', StringComparison.Ordinal) && !address.Host.StartsWith('[')) || address.Port is < 0 or > IPEndPoint.MaxPort)
        {
            return ($"'{url}' in --urls has a port that is not a number from 0 to 65535.", Example);
        }

        // The webhook's own URL given as the address to listen on.
        if (address.PathBase.Length > 0 && address.PathBase != "/")
        {
            return ($"'{url}' in --urls has a path: an address to listen on is only scheme, host and port.",
                $"Pass --urls {address.Scheme}://{address.Host}:{address.Port}; the webhook is then at {address.Scheme}://{address.Host}:{address.Port}/wechat.");
        }

        if (address.Port == 0)
        {
            continue;
        }

        if (!listed.Add(string.Create(CultureInfo.InvariantCulture, $"{address.Host.ToLowerInvariant()}:{address.Port}")))
        {
            return ($"Failed to bind to address {url}: it is in --urls twice.", "List each address once.");
        }

        IPAddress ip = address.Host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(address.Host, out IPAddress? literal) ? literal : IPAddress.Any;
        try
        {
            using var probe = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(ip, address.Port));
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return ($"Failed to bind to address {url}: address already in use.", PortTakenHint);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AccessDenied)
        {
            return ($"Failed to bind to address {url}: permission denied (ports below 1024 need root or the CAP_NET_BIND_SERVICE capability).",
                "Pass a port from 1024 up, e.g. --urls http://127.0.0.1:5080; in production a reverse proxy on 80/443 forwards WeChat's pushes to it.");
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            return ($"Failed to bind to address {url}: {address.Host} is not an address of this machine.",
                "Listen on 127.0.0.1 or localhost (this machine only), * or 0.0.0.0 (every interface), or one of the machine's own addresses.");
        }
        catch (SocketException)
        {
            // Anything else: Kestrel's own bind says what it is.
        }
    }

    return null;
}

static string DefaultDatabase()
{
    string data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
    return data.Length == 0 ? "quickstart.db" : System.IO.Path.Combine(data, "wechat-quickstart", "quickstart.db");
}
