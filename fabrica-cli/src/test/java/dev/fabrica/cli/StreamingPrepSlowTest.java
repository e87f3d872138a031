package dev.fabrica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.Json;
import dev.fabrica.testkit.ReviewsCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quality check: the prep engine streams. Two million rows (about 180 MiB of CSV) go through the
 * whole benchmark recipe in a JVM whose heap is far smaller than the data, so rows must spill to
 * disk between passes rather than live on the heap.
 */
@Tag("slow")
class StreamingPrepSlowTest {
  @TempDir Path tmp;

  @Test
  void two_million_rows_prepare_in_a_heap_smaller_than_the_data() throws Exception {
    Path csv = tmp.resolve("reviews.csv");
    ReviewsCsv.Counts counts = ReviewsCsv.write(csv, 2_000_000, 7);
    long csvBytes = Files.size(csv);
    long heap = 256L << 20;
    assertThat(csvBytes).isGreaterThan(heap / 2); // the rows, as Java objects, would need several times the heap

    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of("bench", "prep", "--csv", csv.toString(), "-q", "-v"));
    Path err = tmp.resolve("stderr.txt");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("stdout:%n%s%nstderr:%n%s", new String(out), Files.readString(err)).isZero();

    JsonNode r = Json.MAPPER.readTree(out);
    assertThat(r.get("rows").asLong()).isEqualTo(2_000_000);
    assertThat(r.get("rows_out").get("total").asLong()).isEqualTo(2_000_000 - counts.duplicates());
    assertThat(r.get("checks").get("duplicates_dropped").asLong()).isEqualTo(counts.duplicates());
    assertThat(r.get("jvm_max_heap_mib").asLong()).isLessThanOrEqualTo(256);
    System.out.println("streaming prep, 2M rows in -Xmx256m: " + r.get("total_seconds") + " s, peak RSS "
        + r.get("peak_rss_mib") + " MiB");
  }
}
