package dev.chatgen.engine.encode;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers sentence embeddings: demonstrations, model profiles and repeated chat text are
 * embedded once. Token embeddings are not cached; only the benchmark asks for them.
 */
public final class CachingEncoder implements Encoder {
    private final Encoder delegate;
    private final Cache<String, float[]> cache;

    public CachingEncoder(Encoder delegate, long maximumSize) {
        this.delegate = delegate;
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).recordStats().build();
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public float[] embed(String text) {
        return cache.get(text, delegate::embed).clone();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        Map<String, float[]> found = new HashMap<>(cache.getAllPresent(texts));
        List<String> missing = texts.stream().filter(t -> !found.containsKey(t)).distinct().toList();
        if (!missing.isEmpty()) {
            List<float[]> fresh = delegate.embedAll(missing);
            for (int i = 0; i < missing.size(); i++) {
                found.put(missing.get(i), fresh.get(i));
                cache.put(missing.get(i), fresh.get(i));
            }
        }
        // Callers may scale what they get; the cached arrays stay untouched.
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(found.get(t).clone());
        }
        return out;
    }

    @Override
    public float[][] tokenEmbeddings(String text) {
        return delegate.tokenEmbeddings(text);
    }

    public CacheStats stats() {
        return cache.stats();
    }
}
