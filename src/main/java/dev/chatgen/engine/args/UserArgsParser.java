package dev.chatgen.engine.args;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the arguments a person asked for explicitly in chat text. Later turns win over earlier ones. */
public final class UserArgsParser {
    private static final Pattern STEPS = Pattern.compile("\\b(\\d{1,3})\\s*(?:sampling\\s+)?steps?\\b|\\bsteps?\\s*(?:=|:|of|to|at)?\\s*(\\d{1,3})\\b");
    private static final Pattern CFG = Pattern.compile("\\b(?:cfg|guidance)(?:\\s*scale)?\\s*(?:=|:|of|to|at)?\\s*(\\d{1,2}(?:\\.\\d+)?)\\b|\\b(\\d{1,2}(?:\\.\\d+)?)\\s*cfg\\b");
    private static final Pattern SIZE = Pattern.compile("\\b(\\d{3,4})\\s*[x×*]\\s*(\\d{3,4})\\b");
    private static final Pattern RATIO = Pattern.compile("\\b(\\d{1,2})\\s*:\\s*(\\d{1,2})\\b(?!\\s*(?:am|pm))");
    private static final Pattern DRAFT = Pattern.compile("\\b(?:quick|rough|fast)\\s+(?:draft|sketch|test|preview|version)\\b|\\bjust a (?:quick )?draft\\b");

    private record Cue(Pattern pattern, Aspect aspect) {
    }

    private static final List<Cue> SHAPE_CUES = List.of(
            new Cue(words("phone wallpaper", "phone background", "phone bg", "lock ?screen", "mobile wallpaper", "iphone wallpaper",
                    "for my phone", "instagram story", "ig story", "tiktok", "reels?", "9:16"), Aspect.TALL),
            new Cue(words("desktop wallpaper", "desktop background", "pc wallpaper", "widescreen", "youtube thumbnail", "yt thumbnail",
                    "16:9", "cinematic wide", "twitter header", "monitor"), Aspect.WIDE),
            new Cue(words("square", "avatar", "pfp", "profile pic(?:ture)?", "icon", "app icon", "sticker", "album cover",
                    "instagram post", "ig post", "1:1"), Aspect.SQUARE),
            new Cue(words("banner", "wide", "landscape (?:format|orientation|mode)", "horizontal", "header"), Aspect.LANDSCAPE),
            new Cue(words("portrait (?:format|orientation|mode)", "vertical", "tall", "poster", "book cover"), Aspect.PORTRAIT));

    private final Set<String> samplers;

    /** @param samplers the sampler names to recognise, as A1111 spells them */
    public UserArgsParser(Set<String> samplers) {
        this.samplers = samplers;
    }

    public UserArgs parse(List<String> turns) {
        Optional<Integer> steps = Optional.empty();
        Optional<Double> cfg = Optional.empty();
        Optional<String> sampler = Optional.empty();
        Optional<int[]> size = Optional.empty();
        Optional<Aspect> aspect = Optional.empty();
        boolean draft = false;
        List<String> asked = new ArrayList<>();
        for (String turn : turns) {
            String t = turn.toLowerCase(Locale.ROOT);
            Matcher m = STEPS.matcher(t);
            if (m.find()) {
                steps = Optional.of(Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2)));
                asked.add("\"" + m.group().strip() + "\"");
            }
            m = CFG.matcher(t);
            if (m.find()) {
                cfg = Optional.of(Double.parseDouble(m.group(1) != null ? m.group(1) : m.group(2)));
                asked.add("\"" + m.group().strip() + "\"");
            }
            for (String s : samplers) {
                if (Pattern.compile("(?<![\\w+])" + Pattern.quote(s.toLowerCase(Locale.ROOT)) + "(?![\\w+])").matcher(t).find()) {
                    if (sampler.isEmpty() || s.length() > sampler.get().length()) {
                        sampler = Optional.of(s);
                    }
                }
            }
            boolean shaped = false;
            m = SIZE.matcher(t);
            if (m.find()) {
                size = Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
                aspect = Optional.empty();
                asked.add("\"" + m.group() + "\"");
                shaped = true;
            }
            for (int c = 0; c < SHAPE_CUES.size() && !shaped; c++) {
                m = SHAPE_CUES.get(c).pattern().matcher(t);
                if (m.find()) {
                    aspect = Optional.of(SHAPE_CUES.get(c).aspect());
                    size = Optional.empty();
                    asked.add("\"" + m.group() + "\"");
                    shaped = true;
                }
            }
            m = RATIO.matcher(t);
            if (!shaped && m.find() && !m.group(1).equals("0") && !m.group(2).equals("0")) {
                aspect = Optional.of(Aspect.nearest(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))));
                size = Optional.empty();
                asked.add("\"" + m.group() + "\"");
            }
            if (DRAFT.matcher(t).find()) {
                draft = true;
                asked.add("a quick draft");
            }
        }
        sampler.ifPresent(s -> asked.add("sampler " + s));
        return new UserArgs(steps, cfg, sampler, size, aspect, draft, asked.stream().distinct().toList());
    }

    private static Pattern words(String... alternatives) {
        return Pattern.compile("(?<![\\w-])(?:" + String.join("|", alternatives) + ")(?![\\w-])");
    }
}
