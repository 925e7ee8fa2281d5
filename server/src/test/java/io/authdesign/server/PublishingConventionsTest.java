package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The conventions public repositories (Maven Central) require of what the build publishes, checked on the
 * POMs themselves: every library module has a name and a description under the parent's URL, licence, SCM
 * and developers; every library module is in {@code authdesign-bom} at the parent's version; the README
 * shows the coordinates; {@code authdesign-jdbc} forces no JDBC driver on its users. The jars themselves
 * (sources, javadoc) are made by {@code ./mvnw package}, which fails on a javadoc warning.
 */
class PublishingConventionsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static Document parent;
    private static Document bom;
    /** artifactId of every published library module, keyed by its module directory. */
    private static final Map<String, Document> LIBRARIES = new TreeMap<>();

    @BeforeAll
    static void readPoms() throws Exception {
        parent = pom(ROOT.resolve("pom.xml"));
        bom = pom(ROOT.resolve("bom/pom.xml"));
        for (Element module :
                children(child(parent.getDocumentElement(), "modules").orElseThrow(), "module")) {
            String directory = module.getTextContent().strip();
            Document pom = pom(ROOT.resolve(directory).resolve("pom.xml"));
            if (!directory.equals("bom") && !property(pom, "maven.source.skip").equals(Optional.of("true"))) {
                LIBRARIES.put(directory, pom);
            }
        }
    }

    @Test
    void parentWhenReadThenHasTheMetadataCentralRequires() {
        for (Document pom : List.of(parent, bom)) {
            Element project = pom.getDocumentElement();
            assertThat(text(project, "url"))
                    .hasValueSatisfying(url -> assertThat(url).startsWith("https://"));
            Element license =
                    child(child(project, "licenses").orElseThrow(), "license").orElseThrow();
            assertThat(text(license, "name")).contains("Apache-2.0");
            assertThat(text(license, "url")).contains("https://www.apache.org/licenses/LICENSE-2.0.txt");
            Element scm = child(project, "scm").orElseThrow();
            assertThat(text(scm, "connection"))
                    .hasValueSatisfying(c -> assertThat(c).startsWith("scm:git:"));
            assertThat(text(scm, "url")).isPresent();
            assertThat(child(child(project, "developers").orElseThrow(), "developer"))
                    .isPresent();
            assertThat(child(project, "organization")).isPresent();
        }
        assertThat(ROOT.resolve("LICENSE")).content().contains("Apache License", "Version 2.0, January 2004");
    }

    @Test
    void everyLibraryModuleWhenReadThenNamedAndDescribed() {
        assertThat(LIBRARIES).containsKeys("core", "javalin", "servlet", "jdbc", "redis", "testkit");
        LIBRARIES.forEach((directory, pom) -> {
            Element project = pom.getDocumentElement();
            assertThat(text(project, "name"))
                    .as(directory + " name")
                    .hasValueSatisfying(n -> assertThat(n).startsWith("AuthDesign"));
            assertThat(text(project, "description"))
                    .as(directory + " description")
                    .hasValueSatisfying(d -> assertThat(d).hasSizeGreaterThan(20));
        });
    }

    @Test
    void bomWhenReadThenManagesEveryLibraryAtTheParentVersionAndInheritsNothing() {
        Element project = bom.getDocumentElement();
        assertThat(text(project, "packaging")).contains("pom");
        assertThat(child(project, "parent"))
                .as("the BOM has no parent: importing it must not pin third-party versions")
                .isEmpty();
        assertThat(text(project, "version")).isEqualTo(text(parent.getDocumentElement(), "version"));
        List<String> managed = new ArrayList<>();
        Element dependencies = child(child(project, "dependencyManagement").orElseThrow(), "dependencies")
                .orElseThrow();
        for (Element dependency : children(dependencies, "dependency")) {
            assertThat(text(dependency, "groupId")).contains("io.authdesign");
            assertThat(text(dependency, "version")).contains("${project.version}");
            if (text(dependency, "type").isEmpty()) {
                managed.add(text(dependency, "artifactId").orElseThrow());
            }
        }
        List<String> libraries = LIBRARIES.values().stream()
                .map(pom -> text(pom.getDocumentElement(), "artifactId").orElseThrow())
                .toList();
        assertThat(managed).containsExactlyInAnyOrderElementsOf(libraries);
    }

    @Test
    void jdbcWhenDependedOnThenForcesNoDriver() {
        Element dependencies = child(LIBRARIES.get("jdbc").getDocumentElement(), "dependencies")
                .orElseThrow();
        for (Element dependency : children(dependencies, "dependency")) {
            String artifact = text(dependency, "artifactId").orElseThrow();
            if (artifact.equals("postgresql") || artifact.equals("h2")) {
                assertThat(text(dependency, "optional").or(() -> text(dependency, "scope")))
                        .as(artifact)
                        .hasValueSatisfying(value -> assertThat(value).isIn("true", "test"));
            }
        }
    }

    @Test
    void readmeWhenReadThenShowsTheCoordinatesAndTheBomImport() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String version = text(parent.getDocumentElement(), "version").orElseThrow();
        assertThat(readme)
                .contains("<groupId>io.authdesign</groupId>")
                .contains("<artifactId>authdesign-bom</artifactId>")
                .contains("<version>" + version + "</version>")
                .contains("<scope>import</scope>");
        for (Document pom : LIBRARIES.values()) {
            assertThat(readme)
                    .contains(text(pom.getDocumentElement(), "artifactId").orElseThrow());
        }
    }

    private static Document pom(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static Optional<String> property(Document pom, String name) {
        return child(pom.getDocumentElement(), "properties").flatMap(properties -> text(properties, name));
    }

    private static Optional<String> text(Element element, String name) {
        return child(element, name).map(found -> found.getTextContent().strip());
    }

    private static Optional<Element> child(Element element, String name) {
        return children(element, name).stream().findFirst();
    }

    private static List<Element> children(Element element, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = element.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE
                    && nodes.item(i).getNodeName().equals(name)) {
                found.add((Element) nodes.item(i));
            }
        }
        return found;
    }
}
