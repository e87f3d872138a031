package dev.fabrica.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {
  @Test
  void a_local_session_starts_offline_and_runs_a_job_over_partitions() {
    SparkSession spark = SharedSpark.session();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    long sum = sc.parallelize(List.of(1L, 2L, 3L, 4L, 5L), 3).reduce(Long::sum);
    assertThat(sum).isEqualTo(15);
    assertThat(sc.master()).isEqualTo("local[2]");
    assertThat(spark.conf().get("spark.ui.enabled")).isEqualTo("false");
    assertThat(spark.conf().get("spark.driver.host")).isEqualTo("127.0.0.1");
  }

  @Test
  void rejects_a_master_that_is_not_a_spark_url() {
    assertThatThrownBy(() -> SparkSessions.start("localhost:7077", "fabrica-test"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--master")
        .hasMessageContaining("localhost:7077");
  }
}
