package dev.chatgen.engine.args;

import dev.chatgen.catalog.BaseModel;

/**
 * A picture shape, and the size each model family renders it at: the resolutions the SD 1.5 and
 * SDXL communities use (SDXL's are its training buckets, about one megapixel).
 */
public enum Aspect {
    SQUARE(1, 1, 512, 512, 1024, 1024),
    PORTRAIT(2, 3, 512, 768, 832, 1216),
    LANDSCAPE(3, 2, 768, 512, 1216, 832),
    TALL(9, 16, 576, 1024, 768, 1344),
    WIDE(16, 9, 1024, 576, 1344, 768),
    PORTRAIT_4_5(4, 5, 512, 640, 896, 1152),
    LANDSCAPE_5_4(5, 4, 640, 512, 1152, 896);

    private final int ratioW;
    private final int ratioH;
    private final int sd15W;
    private final int sd15H;
    private final int sdxlW;
    private final int sdxlH;

    Aspect(int ratioW, int ratioH, int sd15W, int sd15H, int sdxlW, int sdxlH) {
        this.ratioW = ratioW;
        this.ratioH = ratioH;
        this.sd15W = sd15W;
        this.sd15H = sd15H;
        this.sdxlW = sdxlW;
        this.sdxlH = sdxlH;
    }

    public int width(BaseModel base) {
        return base == BaseModel.SDXL ? sdxlW : sd15W;
    }

    public int height(BaseModel base) {
        return base == BaseModel.SDXL ? sdxlH : sd15H;
    }



    /** The listed shape closest to {@code w:h} (compared on a log scale, so 2:1 and 1:2 are equally far from 1:1). */
    public static Aspect nearest(double w, double h) {
        double target = Math.log(w / h);
        Aspect best = SQUARE;
        for (Aspect a : values()) {
            if (Math.abs(Math.log((double) a.ratioW / a.ratioH) - target) < Math.abs(Math.log((double) best.ratioW / best.ratioH) - target)) {
                best = a;
            }
        }
        return best;
    }

    /** Portrait, landscape or square, with 5% tolerance for "square". */
    public enum Orientation {
        PORTRAIT, LANDSCAPE, SQUARE;

        public static Orientation of(double w, double h) {
            double r = w / h;
            if (r > 1.05) {
                return LANDSCAPE;
            }
            if (r < 1 / 1.05) {
                return PORTRAIT;
            }
            return SQUARE;
        }
    }
}
