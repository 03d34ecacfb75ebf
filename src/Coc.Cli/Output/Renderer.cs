using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Coc.Cli.Output;

public enum OutputFormat { Table, Json }

/// <summary>
/// Writes the typed client's answers as tables for people or as JSON for scripts: the answer serialized with the wire
/// contract it was read with (<paramref name="format"/> json), so the field names are the service's.
/// </summary>
public sealed class Renderer(IAnsiConsole console, TextWriter stdout, OutputFormat format)
{
    public OutputFormat Format => format;
    public IAnsiConsole Console => console;

    /// <summary>One column of a table: its header and how a row's cell is read.</summary>
    public sealed record Column<TItem>(string Header, Func<TItem, string?> Cell);

    /// <summary>A list: JSON prints <paramref name="data"/>; a table has one row per item of <paramref name="items"/>.</summary>
    public void List<T, TItem>(T data, JsonTypeInfo<T> type, IEnumerable<TItem> items, IReadOnlyList<Column<TItem>> columns, string? caption = null)
    {
        if (format == OutputFormat.Json) { Json(data, type); return; }
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns) table.AddColumn(new TableColumn(Markup.Escape(column.Header)));
        foreach (var item in items)
            table.AddRow(columns.Select(c => (IRenderable)new Text(c.Cell(item) ?? "")).ToArray());
        if (caption is not null) table.Caption(Markup.Escape(caption));
        console.Write(table);
    }

    /// <summary>One object: JSON prints it; a table lists its wire fields (nested values as compact JSON).</summary>
    public void Item<T>(T data, JsonTypeInfo<T> type) => Item(CliJson.ToNode(data, type));

    public void Item(JsonNode? data)
    {
        if (format == OutputFormat.Json || data is not JsonObject fields) { Json(data); return; }
        var table = new Table().Border(TableBorder.Rounded).AddColumn("field").AddColumn("value");
        foreach (var (name, value) in fields) table.AddRow(new Text(name), new Text(Scalar(value)));
        console.Write(table);
    }

    /// <summary>A one-line outcome: JSON prints <paramref name="data"/>; a table prints the message.</summary>
    public void Done<T>(string message, T data, JsonTypeInfo<T> type) => Done(message, CliJson.ToNode(data, type));

    /// <summary>The same for outcomes the service answers nothing for: JSON prints <paramref name="data"/> (or <c>{"ok": true}</c>).</summary>
    public void Done(string message, JsonNode? data = null)
    {
        if (format == OutputFormat.Json) { Json(data ?? new JsonObject { ["ok"] = true }); return; }
        console.MarkupLine("[green]✓[/] " + Markup.Escape(message));
    }

    /// <summary>One value for scripts: JSON prints <paramref name="data"/>; a table prints <paramref name="line"/> alone (e.g. a new id).</summary>
    public void Line<T>(string? line, T data, JsonTypeInfo<T> type)
    {
        if (format == OutputFormat.Json) Json(data, type);
        else stdout.WriteLine(line);
    }

    public void Json<T>(T data, JsonTypeInfo<T> type) => Json(CliJson.ToNode(data, type));

    public void Json(JsonNode? data) => stdout.WriteLine(CliJson.Write(data));

    /// <summary>A cell of an object's table: strings as they are, null as empty, arrays of scalars joined.</summary>
    public static string Scalar(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<long>(out var n) => n.ToString(CultureInfo.InvariantCulture),
        JsonArray a when a.All(x => x is JsonValue) => string.Join(", ", a.Select(Scalar)),
        _ => node.ToJsonString(),
    };

    public static string Join(IEnumerable<string>? values) => values is null ? "" : string.Join(", ", values);

    public static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>Milliseconds since the epoch as a readable UTC time.</summary>
    public static string Time(long? ms) =>
        ms is { } value
            ? DateTimeOffset.FromUnixTimeMilliseconds(value).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "";
}
