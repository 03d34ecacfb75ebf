using System.Text.Json.Serialization.Metadata;
using Coc.Core.Auth;
using Coc.Core.Reference;
using Coc.Core.Storage;
using Coc.Core.Tickets;
using Coc.Server.Auth;
using Coc.Server.Cli;
using Coc.Server.Features.Alarms;
using Coc.Server.Features.Attachments;
using Coc.Server.Features.Console;
using Coc.Server.Features.ControlPlane;
using Coc.Server.Features.Dashboard;
using Coc.Server.Features.Health;
using Coc.Server.Features.Histories;
using Coc.Server.Features.Iam;
using Coc.Server.Features.Incidents;
using Coc.Server.Features.Metrics;
using Coc.Server.Features.Integrations;
using Coc.Server.Features.IncidentsV2;
using Coc.Server.Features.OpenApi;
using Coc.Server.Features.WarRooms;
using Coc.Server.Features.LiveEvents;
using Coc.Server.Features.Webhooks;
using Coc.Server.Http;
using Coc.Server.Storage;
using Coc.Server.Wire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.FileProviders;

using Microsoft.AspNetCore.Builder;

namespace Coc.Server.Hosting;

/// <summary>Why the server could not start: the process exit code and the message for stderr.</summary>
public sealed record StartupFailure(int ExitCode, string Message);

/// <summary>
/// The server's start-up, reusable: <c>Program</c> runs it for the command line, and <c>Coc.Testing</c>'s
/// <c>CocEmulator</c> runs it inside a test process (on port 0, a temporary store). Settings take the command line's
/// host-argument form (<c>--Coc:Data=…</c>, <c>--urls=…</c>).
/// </summary>
public static class CocServerHost
{
    /// <summary>The builder with configuration read (appsettings.json beside the binary, environment, <paramref name="settings"/>).</summary>
    public static (WebApplicationBuilder Builder, ServerOptions Options) CreateBuilder(string[] settings)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = settings,
            ApplicationName = typeof(CocServerHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory, // appsettings.json and wwwroot/ ship beside the binary
        });
        var options = builder.Configuration.GetSection("Coc").Get<ServerOptions>() ?? new ServerOptions();
        return (builder, options);
    }

    /// <summary>Registers every service of the server (listening on 127.0.0.1:8080 unless <c>urls</c> is set).</summary>
    public static void AddServer(WebApplicationBuilder builder, ServerOptions options)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls("http://127.0.0.1:8080");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = RequestBody.MaxBytes;
            k.ConfigureEndpointDefaults(listen => listen.UseKestrelErrorBodies()); // Kestrel's own 400/414/431 get a body
        });

        builder.Services.AddSingleton(options);
        builder.Services.AddControlPlane(); // the service clock (TimeProvider) the /_coc/clock endpoint moves, and the control plane
        builder.Services.AddSingleton(_ => ReferenceData.Load(options.Reference));
        builder.Services.AddSingleton(sp => new TicketRules(sp.GetRequiredService<ReferenceData>(), options.Emulator));
        builder.Services.AddSingleton(new TicketNumbers(options.NumberOffset));
        builder.Services.AddStorage(options);
        builder.Services.AddCocMetrics(options.Metrics);
        builder.Services.AddSingleton<TicketService>();
        builder.Services.AddSingleton<Coc.Core.Alarms.IntegrationService>();
        builder.Services.AddSingleton<Coc.Core.Alarms.AlarmService>();
        builder.Services.AddSingleton<Coc.Core.Tickets.V2.IncidentActions>();
        builder.Services.AddSingleton<ITicketSearch>(sp => new Coc.Core.Storage.Tickets.SqlTicketSearch(sp.GetRequiredService<Database>()));
        builder.Services.AddSingleton(sp => new Coc.Core.Storage.Tickets.SqlTicketStatistics(sp.GetRequiredService<Database>()));
        builder.Services.AddSingleton<Coc.Core.Storage.WarRooms.IWarRoomStore>(sp => new Coc.Core.Storage.WarRooms.SqlWarRoomStore(sp.GetRequiredService<Database>()));
        builder.Services.AddSingleton<Coc.Core.WarRooms.WarRoomService>();
        builder.Services.AddSingleton(new Coc.Server.Features.Incidents.RenderedDetails(enabled: options.UsesTicketCache));
        builder.Services.AddSingleton<StorageState>();
        builder.Services.AddSingleton<Tenancy>();
        builder.Services.AddSingleton<AccessKeyLockout>();
        builder.Services.AddSingleton(new PasswordHasher(options.EffectivePasswordIterations));
        builder.Services.AddSingleton<PasswordSignInThrottle>();
        builder.Services.AddSingleton<Coc.Server.Features.Iam.PasswordSignIn>();
        builder.Services.AddSingleton<AdminBootstrap>();
        builder.Services.AddHostedService<StorageStartup>();
        builder.Services.AddHostedService<SeedAtStart>(); // --seed FILE, once storage is migrated
        builder.Services.AddAuthentication(CallerClaims.Scheme)
            .AddScheme<AuthenticationSchemeOptions, CocAuthenticationHandler>(CallerClaims.Scheme, null);
        builder.Services.AddCocAuthorization();
        builder.Services.Configure<RouteOptions>(o => o.SetParameterPolicy<TicketNumberConstraint>(TicketNumberConstraint.Name));
        builder.Services.AddCocRateLimiting(options);
        builder.Services.AddHostedService<UnlinkedAttachmentCleanup>();
        builder.Services.AddWebhooks(options);
        builder.Services.AddLiveEvents();
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(f => f.MultipartBodyLengthLimit = RequestBody.MaxBytes);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, JsonTypeInfoResolver.Combine(
            WireJsonContext.Default, IncidentJsonContext.Default, HistoryJsonContext.Default, HealthJsonContext.Default, IncidentV2JsonContext.Default,
            WarRoomJsonContext.Default, WebhookJsonContext.Default, StatisticsJsonContext.Default, ControlPlaneJsonContext.Default)));

    }

    /// <summary>
    /// Checks what must hold before listening (reference data, the database claimed) and maps the pipeline;
    /// null when the app is ready to run, else why it cannot start.
    /// </summary>
    public static StartupFailure? Prepare(WebApplication app, ServerOptions options)
    {
        app.Services.GetRequiredService<ReferenceData>(); // a bad reference file fails the start, not the first request
        try
        {
            app.Services.GetRequiredService<Database>(); // claims the SQLite file before listening
        }
        catch (Coc.Core.Storage.Sqlite.SqliteFileInUseException e)
        {
            return new StartupFailure(3, e.Message);
        }
        catch (Coc.Core.Storage.Encryption.SecretsKeyException e) // e.g. COC_SECRETS_KEY is not base64 of 32 bytes
        {
            return new StartupFailure(2, e.Message);
        }
        catch (IOException e) // e.g. the lock file's directory is read-only
        {
            return new StartupFailure(2, e.Message);
        }
        catch (ArgumentException e) when (options.UsesPostgres) // Npgsql refused the connection string (never echoed: it may hold a password)
        {
            return new StartupFailure(2, $"The PostgreSQL connection string (--db / Coc:Db) is not valid: {e.Message}");
        }


        // The pipeline, in order: request id and error bodies; routing; (authentication slots in here); endpoints.
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseSecurityHeaders();
        // The console's static files, anonymous (it signs in through the API); only /console paths touch the disk.
        var consoleFiles = new PhysicalFileProvider(Path.Combine(app.Environment.WebRootPath, "console"));
        app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = "/console", FileProvider = consoleFiles });
        app.UseStaticFiles(new StaticFileOptions { RequestPath = "/console", FileProvider = consoleFiles });
        app.UseRouting();
        app.Use((http, next) => // until storage is migrated only the health endpoints answer
            http.RequestServices.GetRequiredService<StorageState>().Migrated || http.Request.Path.StartsWithSegments("/healthz")
                || http.Request.Path.StartsWithSegments("/readyz")
                ? next(http)
                : WireResults.WriteErrorAsync(http, 503, Coc.Core.Errors.CocErrors.InternalCode, "The service is starting: the database is not ready yet"));
        app.Use((http, next) => http.Request.ContentLength > RequestBody.MaxBytes // before a signature check reads it
            ? WireResults.WriteErrorAsync(http, 413, Coc.Core.Errors.CocErrors.TooLargeCode, "Request entity too large")
            : next(http));
        app.UseControlPlaneFaults(); // /_coc/faults rules answer here, before authentication and before any state changes
        // Called explicitly so that it runs here, inside the error handling and after the size check (WebApplication would
        // otherwise put it first); the rate limiter partitions by the authenticated access key.
        app.UseAuthentication();
        app.UseCocRateLimiting(options);
        app.UseAuthorization();

        app.MapIncidents();
        app.MapStatistics();
        app.MapEvents();
        app.MapAlarms();
        app.MapIntegrations();
        app.MapHistories();
        app.MapIncidentsV2();
        app.MapWarRooms();
        app.MapAttachments();
        app.MapIam();
        app.MapWebhooks();
        app.MapLiveEvents();
        app.MapConsole();
        app.MapConsoleSession();
        app.MapHealth();
        app.MapControlPlane(options);
        app.MapOpenApiDocument();
        app.MapMetrics(options.Metrics);
        app.MapUnknownMethods();
        app.MapFallback("{*path}", WireResults.WriteNoSuchApiAsync); // any path, file-like ones included

        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
            "COC Incident Service listening on {Urls}; storage: {Storage}; mode: {Mode}",
            string.Join(", ", app.Urls), StorageFactory.Describe(options), options.Emulator ? "emulator" : "secure"));

        return null;
    }
}
