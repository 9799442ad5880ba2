package dev.chatgen.render.png;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * AUTOMATIC1111's generation "infotext" (the PNG {@code parameters} chunk): prompt lines, an optional
 * "Negative prompt: " section, and a last line of {@code Key: value} pairs. Parsing follows A1111's own
 * {@code parse_generation_parameters}, so anything A1111 can read back, this reads the same way.
 *
 * @param params the {@code Key: value} pairs in written order, values unquoted ("Size" stays "512x768")
 */
public record A1111Infotext(String prompt, String negativePrompt, Map<String, String> params) {

    private static final String NEGATIVE_PREFIX = "Negative prompt:";
    // A1111's re_param: a key, then either a JSON-quoted value (may hold commas) or a comma-free value.
    // The quoted branch is written unrolled and possessive so a long line cannot overflow the regex stack.
    private static final Pattern PARAM = Pattern.compile(
            "\\s*(\\w[\\w \\-/]+):\\s*(\"[^\\\\\"]*+(?:\\\\.[^\\\\\"]*+)*+\"|[^,]*)(?:,|$)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern KEY = Pattern.compile("\\w[\\w \\-/]+", Pattern.UNICODE_CHARACTER_CLASS);
    // A1111 treats a last line with fewer pairs than this as part of the prompt.
    private static final int MIN_PARAMS = 3;
    private static final Pattern SIZE = Pattern.compile("(\\d+)x(\\d+)");
    private static final Pattern LORA = Pattern.compile("<lora:([^:>]+)(?::([^:>]*))?[^>]*>");
    private static final ObjectMapper JSON = new ObjectMapper();

    public A1111Infotext {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(negativePrompt, "negativePrompt");
        Objects.requireNonNull(params, "params");
        params.forEach((key, value) -> {
            Objects.requireNonNull(value, () -> "value of " + key);
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("not a valid infotext key: '" + key + "'");
            }
        });
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static A1111Infotext parse(String infotext) {
        List<String> lines = new ArrayList<>(List.of(infotext.strip().split("\n", -1)));
        String lastLine = lines.remove(lines.size() - 1);
        List<Map.Entry<String, String>> pairs = pairsOf(lastLine);
        if (pairs.size() < MIN_PARAMS) {
            lines.add(lastLine);
            pairs = List.of();
        }
        StringBuilder prompt = new StringBuilder();
        StringBuilder negative = new StringBuilder();
        boolean inNegative = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith(NEGATIVE_PREFIX)) {
                inNegative = true;
                line = line.substring(NEGATIVE_PREFIX.length()).strip();
            }
            StringBuilder target = inNegative ? negative : prompt;
            // like A1111: a line joins with "\n" only once something is there, so leading blank lines vanish
            if (!target.isEmpty()) {
                target.append('\n');
            }
            target.append(line);
        }
        Map<String, String> params = new LinkedHashMap<>();
        pairs.forEach(pair -> params.put(pair.getKey(), pair.getValue()));
        return new A1111Infotext(prompt.toString(), negative.toString(), params);
    }

    /** Writes the infotext the way A1111 does; {@code parse(format())} gives back an equal record. */
    public String format() {
        StringBuilder text = new StringBuilder(prompt);
        if (!negativePrompt.isEmpty()) {
            text.append('\n').append(NEGATIVE_PREFIX).append(' ').append(negativePrompt);
        }
        if (!params.isEmpty()) {
            text.append('\n').append(params.entrySet().stream()
                    .map(e -> e.getKey() + ": " + quote(e.getValue()))
                    .collect(Collectors.joining(", ")));
        }
        return text.toString().strip();
    }

    public Optional<String> param(String key) {
        return Optional.ofNullable(params.get(key));
    }

    public Optional<Integer> steps() {
        return number("Steps", Integer::valueOf);
    }

    public Optional<String> sampler() {
        return param("Sampler");
    }

    /** The schedule type A1111 >= 1.9 writes separately from the sampler, e.g. "Karras". */
    public Optional<String> scheduleType() {
        return param("Schedule type");
    }

    public Optional<Double> cfgScale() {
        return number("CFG scale", Double::valueOf).filter(Double::isFinite);
    }

    public Optional<Long> seed() {
        return number("Seed", Long::valueOf);
    }

    public Optional<Integer> width() {
        return sizePart(1);
    }

    public Optional<Integer> height() {
        return sizePart(2);
    }

    public Optional<String> model() {
        return param("Model");
    }

    public Optional<String> modelHash() {
        return param("Model hash");
    }

    /**
     * The sampler in pre-1.9 single-name form: "DPM++ 2M" + "Karras" gives "DPM++ 2M Karras"; an "Automatic"
     * schedule adds nothing, and an old-style name that already ends with its schedule is kept as is.
     */
    public Optional<String> combinedSampler() {
        return sampler().map(sampler -> scheduleType()
                .filter(type -> !type.isBlank() && !type.equalsIgnoreCase("Automatic"))
                .filter(type -> !sampler.regionMatches(true, sampler.length() - type.length(), type, 0, type.length()))
                .map(type -> sampler + " " + type)
                .orElse(sampler));
    }

    /** The {@code <lora:NAME:WEIGHT>} tags in the prompt, in order; a missing or unreadable weight means 1.0. */
    public List<LoraTag> loras() {
        List<LoraTag> loras = new ArrayList<>();
        Matcher m = LORA.matcher(prompt);
        while (m.find()) {
            double weight = Optional.ofNullable(m.group(2)).flatMap(w -> parseNumber(w.strip(), Double::valueOf))
                    .filter(Double::isFinite).orElse(1.0);
            loras.add(new LoraTag(m.group(1).strip(), weight));
        }
        return List.copyOf(loras);
    }

    private static List<Map.Entry<String, String>> pairsOf(String line) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        Matcher m = PARAM.matcher(line);
        while (m.find()) {
            pairs.add(Map.entry(m.group(1), unquote(m.group(2).strip())));
        }
        return pairs;
    }

    private static String unquote(String value) {
        if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
            return value;
        }
        try {
            return JSON.readValue(value, String.class);
        } catch (JsonProcessingException e) {
            // A1111 keeps a value that only looks quoted verbatim; do the same so both read it alike.
            return value;
        }
    }

    private static String quote(String value) {
        boolean needsQuotes = value.contains(",") || value.contains(":") || value.contains("\"")
                || value.contains("\n") || !value.equals(value.strip());
        return needsQuotes ? '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"' : value;
    }

    private Optional<Integer> sizePart(int group) {
        return param("Size").map(SIZE::matcher).filter(Matcher::matches)
                .flatMap(m -> parseNumber(m.group(group), Integer::valueOf));
    }

    private <T> Optional<T> number(String key, Function<String, T> parser) {
        return param(key).flatMap(value -> parseNumber(value, parser));
    }

    private static <T> Optional<T> parseNumber(String text, Function<String, T> parser) {
        try {
            return Optional.of(parser.apply(text));
        } catch (NumberFormatException e) {
            // a hand-edited or foreign infotext: an unreadable number counts as absent
            return Optional.empty();
        }
    }
}
