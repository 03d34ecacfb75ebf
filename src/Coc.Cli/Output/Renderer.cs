using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Coc.Cli.Output;

public enum OutputFormat { Table, Json }

/// <summary>Writes answers as tables for people or as JSON (the service's <c>data</c>, unchanged) for scripts.</summary>
public sealed class Renderer(IAnsiConsole console, TextWriter stdout, OutputFormat format)
{
    public OutputFormat Format => format;
    public IAnsiConsole Console => console;

    /// <summary>One column of a table: its header and how a row's cell is read.</summary>
    public sealed record Column(string Header, Func<JsonNode?, string> Cell)
    {
        public static Column Field(string header, string field) => new(header, row => Scalar(row?[field]));
    }

    /// <summary>A list: JSON prints <paramref name="data"/>; a table has one row per item of <paramref name="items"/>.</summary>
    public void List(JsonNode? data, JsonArray? items, IReadOnlyList<Column> columns, string? caption = null)
    {
        if (format == OutputFormat.Json) { Json(data); return; }
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns) table.AddColumn(new TableColumn(Markup.Escape(column.Header)));
        foreach (var item in items ?? [])
            table.AddRow(columns.Select(c => (IRenderable)new Text(c.Cell(item))).ToArray());
        if (caption is not null) table.Caption(Markup.Escape(caption));
        console.Write(table);
    }

    /// <summary>One object: JSON prints it; a table lists its fields (nested values as compact JSON).</summary>
    public void Item(JsonNode? data)
    {
        if (format == OutputFormat.Json || data is not JsonObject fields) { Json(data); return; }
        var table = new Table().Border(TableBorder.Rounded).AddColumn("field").AddColumn("value");
        foreach (var (name, value) in fields) table.AddRow(new Text(name), new Text(Scalar(value)));
        console.Write(table);
    }

    /// <summary>A one-line outcome: JSON prints <paramref name="data"/> (or <c>{"ok": true}</c>); a table prints the message.</summary>
    public void Done(string message, JsonNode? data = null)
    {
        if (format == OutputFormat.Json) { Json(data ?? new JsonObject { ["ok"] = true }); return; }
        console.MarkupLine("[green]✓[/] " + Markup.Escape(message));
    }

    public void Json(JsonNode? data) => stdout.WriteLine(CliJson.Write(data));

    /// <summary>A cell: strings as they are, null as empty, numbers that look like ms since the epoch as UTC times.</summary>
    public static string Scalar(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<long>(out var n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        JsonArray a when a.All(x => x is JsonValue) => string.Join(", ", a.Select(Scalar)),
        _ => node.ToJsonString(),
    };

    /// <summary>Milliseconds since the epoch as a readable UTC time.</summary>
    public static string Time(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<long>(out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : Scalar(node);
}
