package io.crossmodal.models;

import java.util.regex.Pattern;

/** An exact npm package version, {@code name@version} or {@code @scope/name@version}. */
public record NpmPackageSpec(String name, String version) {

    private static final Pattern NAME = Pattern.compile("(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*");
    /** Exact versions only: a pinned checksum makes no sense for a range or a tag. */
    private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.+-]*)?");

    public static NpmPackageSpec parse(String spec) {
        String trimmed = spec.trim();
        int at = trimmed.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("npm source must be package@version, was '" + spec + "'");
        }
        String name = trimmed.substring(0, at);
        String version = trimmed.substring(at + 1);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid npm package name in '" + spec + "'");
        }
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException(
                    "npm version must be exact (x.y.z), was '" + version + "' in '" + spec + "'");
        }
        return new NpmPackageSpec(name, version);
    }

    /** The file name {@code npm pack} gives the tarball: {@code @scope/name} becomes {@code scope-name}. */
    public String tarballFileName() {
        String base = name.startsWith("@") ? name.substring(1).replace('/', '-') : name;
        return base + "-" + version + ".tgz";
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
