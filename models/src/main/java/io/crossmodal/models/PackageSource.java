package io.crossmodal.models;

/**
 * Where a model package comes from.
 *
 * @param type        {@code maven} or {@code npm}
 * @param coordinates maven: {@code groupId:artifactId:version[:classifier][:type]}; npm: {@code package@version}
 */
public record PackageSource(String type, String coordinates) {

    public static final String MAVEN = "maven";
    public static final String NPM = "npm";

    public static PackageSource maven(String coordinates) {
        return new PackageSource(MAVEN, coordinates);
    }

    public static PackageSource npm(String coordinates) {
        return new PackageSource(NPM, coordinates);
    }

    public boolean isMaven() {
        return MAVEN.equals(type);
    }

    public boolean isNpm() {
        return NPM.equals(type);
    }

    public MavenCoordinates mavenCoordinates() {
        if (!isMaven()) {
            throw new IllegalStateException(this + " is not a maven source");
        }
        return MavenCoordinates.parse(coordinates);
    }

    public NpmPackageSpec npmSpec() {
        if (!isNpm()) {
            throw new IllegalStateException(this + " is not an npm source");
        }
        return NpmPackageSpec.parse(coordinates);
    }

    /** @throws IllegalArgumentException if the type is unknown or the coordinates do not parse */
    void validate() {
        if (coordinates == null || coordinates.isBlank()) {
            throw new IllegalArgumentException("source.coordinates is missing");
        }
        if (isMaven()) {
            MavenCoordinates maven = MavenCoordinates.parse(coordinates);
            if (!ZipExtractor.handles(maven.extension()) && !TarGzExtractor.handles(maven.extension())) {
                throw new IllegalArgumentException("maven artifacts of type " + maven.type()
                        + " cannot be extracted; use a jar/zip or a tgz/tar.gz");
            }
        } else if (isNpm()) {
            NpmPackageSpec.parse(coordinates);
        } else {
            throw new IllegalArgumentException("source.type must be maven or npm, was '" + type + "'");
        }
    }

    /** {@code type:coordinates}, the value written as {@code source} in serving.properties. */
    @Override
    public String toString() {
        return type + ":" + coordinates;
    }
}
