package dev.chatgen.engine.args;

import dev.chatgen.catalog.BaseModel;
import dev.chatgen.catalog.Demonstration;
import dev.chatgen.catalog.GenArgs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the person asked for in words wins over whatever a configurer chose, clamped to what the
 * model's family renders; a shape asked for ("phone wallpaper") takes the model's own size of that
 * shape when its demonstrations use one. Shared by every stage 3, so words count the same whoever configures.
 */
public final class AskedArgs {
    private AskedArgs() {
    }

    /**
     * @param demos   the model's demonstrations that may lend a size of the asked shape
     * @param weights how much each of {@code demos} counts, in the same order
     */
    public static GenArgs apply(GenArgs args, UserArgs asked, BaseModel base, List<Demonstration> demos, double[] weights) {
        GenArgs out = args;
        if (asked.draft()) {
            out = out.withSteps(Math.max(GenArgs.MIN_STEPS, Math.min(out.steps(), Math.max(8, out.steps() / 2))));
        }
        if (asked.steps().isPresent()) {
            out = out.withSteps(clamp(asked.steps().get(), GenArgs.MIN_STEPS, GenArgs.MAX_STEPS));
        }
        if (asked.cfgScale().isPresent()) {
            out = out.withCfgScale(Math.max(GenArgs.MIN_CFG, Math.min(GenArgs.MAX_CFG, asked.cfgScale().get())));
        }
        if (asked.sampler().isPresent()) {
            out = out.withSampler(asked.sampler().get());
        }
        if (asked.exactSize().isPresent()) {
            int[] s = asked.exactSize().get();
            out = out.withSize(fit(s[0], base), fit(s[1], base));
        } else if (asked.aspect().isPresent()) {
            Aspect a = asked.aspect().get();
            int[] own = ownSizeWithRatio(a, demos, weights);
            out = own != null ? out.withSize(own[0], own[1]) : out.withSize(a.width(base), a.height(base));
        }
        return out;
    }

    /** The model's own most-voted size of exactly this shape, if its demonstrations use one. */
    private static int[] ownSizeWithRatio(Aspect aspect, List<Demonstration> demos, double[] weights) {
        Map<List<Integer>, Double> votes = new HashMap<>();
        for (int i = 0; i < demos.size(); i++) {
            GenArgs a = demos.get(i).args();
            if (Aspect.nearest(a.width(), a.height()) == aspect
                    && Math.abs(Math.log((double) a.width() / a.height()) - Math.log((double) aspect.width(BaseModel.SD15) / aspect.height(BaseModel.SD15))) < 0.03) {
                votes.merge(List.of(a.width(), a.height()), weights[i] + 1e-3, Double::sum);
            }
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> new int[] {e.getKey().get(0), e.getKey().get(1)}).orElse(null);
    }

    /** A side the model family can render: within its range and a multiple of 8. */
    private static int fit(int side, BaseModel base) {
        int clamped = clamp(side, base.minSide(), base.maxSide());
        return Math.max(base.minSide(), clamped / 8 * 8);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
