package io.exmy.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlurmClientTest {
    @Test
    void submitParsesTheJobId() {
        FakeSlurm f = new FakeSlurm().answer("sbatch", 0, "4242;cluster\n", "");
        assertEquals("4242", new SlurmClient(f).submit(List.of("--array=0-3", "job.sh")));
        assertEquals(List.of("sbatch", "--parsable", "--array=0-3", "job.sh"), f.last("sbatch"));
    }

    @Test
    void clearErrors() {
        FakeSlurm missing = new FakeSlurm();
        missing.installed = false;
        String m = assertThrows(SweepException.class, () -> new SlurmClient(missing).submit(List.of("x"))).getMessage();
        assertTrue(m.contains("sbatch not found on PATH") && m.contains("--executor local"), m);
        assertTrue(new SlurmClient(missing).unavailableReason().contains("squeue not found"));

        FakeSlurm bad = new FakeSlurm().answer("sbatch", 1, "", "sbatch: error: invalid partition specified: gpu\n");
        m = assertThrows(SweepException.class, () -> new SlurmClient(bad).submit(List.of("--partition=gpu", "j.sh")))
                .getMessage();
        assertTrue(m.contains("sbatch failed (exit 1): sbatch: error: invalid partition specified: gpu"), m);
        assertTrue(m.contains("--partition=gpu"), "shows the command: " + m);

        FakeSlurm down = new FakeSlurm().answer("squeue", 1, "",
                "slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n");
        m = assertThrows(SweepException.class, () -> new SlurmClient(down).tasks(List.of("5"))).getMessage();
        assertTrue(m.contains("Unable to contact slurm controller"), m);
    }

    @Test
    void tasksMergeQueueRecentEndsAndAccounting() {
        FakeSlurm f = new FakeSlurm()
                .answer("squeue", 0, "12_0|RUNNING|None\n12_1|PENDING|Resources\n", "")
                .answer("scontrol", 0,
                        "JobId=13 ArrayJobId=12 ArrayTaskId=0 JobName=x JobState=RUNNING Reason=None ExitCode=0:0\n"
                        + "JobId=12 ArrayJobId=12 ArrayTaskId=1,4-5%2 JobState=PENDING Reason=JobArrayTaskLimit\n"
                        + "JobId=14 ArrayJobId=12 ArrayTaskId=2 JobState=FAILED Reason=NonZeroExitCode ExitCode=1:0\n"
                        + "JobId=15 ArrayJobId=12 ArrayTaskId=3 JobState=CANCELLED Reason=None ExitCode=0:15\n", "")
                .answer("sacct", 0, "12_6|TIMEOUT|0:0\n12_2|COMPLETED|0:0\n12_[7-8]|PENDING|0:0\n", "");
        Map<String, SlurmTaskState> t = new SlurmClient(f).tasks(List.of("12"));
        assertEquals("RUNNING", t.get("12_0").state());
        assertEquals("Resources", t.get("12_1").reason(), "squeue wins over scontrol");
        assertEquals("FAILED", t.get("12_2").state(), "scontrol wins over sacct");
        assertEquals("exit 1:0", t.get("12_2").reason());
        assertEquals("CANCELLED", t.get("12_3").state());
        assertTrue(t.get("12_4").queued() && t.get("12_5").queued());
        assertEquals("TIMEOUT", t.get("12_6").state());
        assertTrue(t.get("12_8").active());
        assertTrue(t.get("12_0").running() && !t.get("12_3").active());
        assertNull(t.get("12_9"));
        assertEquals(List.of("squeue", "-h", "-r", "-j", "12", "-o", "%i|%T|%r"), f.last("squeue"));
    }

    @Test
    void jobsSlurmForgotAreNotErrors() {
        FakeSlurm f = new FakeSlurm()
                .answer("squeue", 1, "", "slurm_load_jobs error: Invalid job id specified\n")
                .answer("scontrol", 1, "", "slurm_load_jobs error: Invalid job id specified\n")
                .answer("sacct", 1, "", "Slurm accounting storage is disabled\n");
        assertTrue(new SlurmClient(f).tasks(List.of("99")).isEmpty());
    }

    @Test
    void arrayIndexLists() {
        assertEquals(List.of(3), SlurmClient.indices("3"));
        assertEquals(List.of(0, 1, 2, 3), SlurmClient.indices("0-3%1"));
        assertEquals(List.of(1, 3, 5, 6, 7), SlurmClient.indices("1,3,5-7"));
        assertEquals(List.of(), SlurmClient.indices("N/A"));
    }
}
