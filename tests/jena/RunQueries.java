// Runs SPARQL SELECT queries with Apache Jena ARQ, loading the data once.
// Used by tests/test_jena.py (java's source-file mode, no compiler step):
//   java -cp JENA_CLASSPATH RunQueries.java DATA QUERY_FILE...
// writes each query's results as SPARQL JSON to QUERY_FILE.json.

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.riot.RDFDataMgr;

public class RunQueries {
    public static void main(String[] args) throws Exception {
        Dataset data = RDFDataMgr.loadDataset(args[0]);
        for (int i = 1; i < args.length; i++) {
            Query query = QueryFactory.create(Files.readString(Path.of(args[i])));
            try (QueryExecution execution = QueryExecutionFactory.create(query, data);
                 OutputStream out = Files.newOutputStream(Path.of(args[i] + ".json"))) {
                ResultSetFormatter.outputAsJSON(out, execution.execSelect());
            }
        }
    }
}
