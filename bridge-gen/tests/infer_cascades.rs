//! One mistake, one error: an entry whose name does not resolve (a misspelt `[object.X]`,
//! `[ops.X]`, `[enum.X]`, `[config.X]`, `part_of` or `data`) is reported once, and the
//! entries that only fail because of it are not reported again.

mod fixture;

use fixture::Fixture;

const DRIVER: &str = "
struct mutex { int owner; };
struct device { int id; };
enum fix_state { FIX_DOWN, FIX_UP };
struct fix_dev { struct mutex lock; struct device dev; void *priv; enum fix_state state; };
void mutex_lock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
int fix_read(struct fix_dev *dev, unsigned int reg);
struct fix_ops {
	int (*probe)(struct fix_dev *dev);
	void (*remove)(struct fix_dev *dev);
	int (*status)(struct fix_dev *dev);
};
";

/// A locked device with private data, bound by `[ops.fix_ops]`.
const BOUND: &str = "[object.fix_dev]\nrust = \"fix::Device\"\nlock = \"lock\"\nprivate = \"priv\"\n\
                     device = \"dev\"\nmethods = [\"fix_read\"]\n\n\
                     [ops.fix_ops]\nrust = \"fix::Driver\"\nrequired = [\"probe\"]\n\
                     take_lock = { probe = \"unlocked\", remove = \"unlocked\" }\nbind = \"probe\"\n\
                     locked = { status = \"the core holds it\" }\nreturns = { status = \"bool\" }\n";

#[test]
fn the_spec_of_these_tests_is_accepted() {
    Fixture::new("cascade-none", DRIVER, BOUND).module("fix");
}

#[test]
fn a_misspelt_object_is_reported_once() {
    let spec = BOUND.replace("[object.fix_dev]", "[object.fix_devv]");
    Fixture::new("cascade-object", DRIVER, &spec).assert_refused(&[(
        "fix_devv]",
        "no struct named `fix_devv` in the headers; did you mean `fix_dev`?",
    )]);
}

#[test]
fn a_misspelt_enum_is_reported_once() {
    let spec = "[enum.fix_stat]\nrust = \"fix::State\"\n\n".to_owned()
        + &BOUND.replace("methods = ", "fields = [\"state\"]\nmethods = ");
    Fixture::new("cascade-enum", DRIVER, &spec).assert_refused(&[(
        "fix_stat]",
        "no enum named `fix_stat` in the headers; did you mean `fix_state`?",
    )]);
}

const QUEUE: &str = "
struct module;
struct fix_limits { unsigned int block_size; };
struct fix_queue { void *queuedata; };
struct fix_tags { unsigned int depth; const struct fix_mq_ops *ops; };
int fix_alloc_tags(struct fix_tags *set);
void fix_free_tags(struct fix_tags *set);
struct fix_disk { const struct fix_disk_ops *fops; };
struct fix_disk *fix_alloc_disk(struct fix_tags *set, struct fix_limits *lim, void *queuedata);
void fix_put_disk(struct fix_disk *disk);
struct fix_request { unsigned int tag; };
void fix_complete(struct fix_request *rq);
void fix_end(struct fix_request *rq);
struct fix_mq_ops {
	int (*queue_rq)(struct fix_queue *q, struct fix_request *rq);
	void (*complete)(struct fix_request *rq);
};
struct fix_disk_ops {
	struct module *owner;
	int (*open)(struct fix_disk *disk);
	void (*free_disk)(struct fix_disk *disk);
};
";

/// Queue data typed by `[ops.fix_mq_ops]`, a tag set created with that table and a disk
/// allocated from the tag set, whose own table is part of the same trait.
const MQ: &str = "[config.fix_limits]\nrust = \"fix::Limits\"\nfields = [\"block_size\"]\n\n\
                  [object.fix_tags]\nrust = \"fix::Tags\"\naccess = \"shared\"\n\
                  create = [\"fix_alloc_tags\", \"fix_free_tags\"]\nconfig = [\"depth\"]\n\n\
                  [object.fix_queue]\nrust = \"fix::Queue\"\naccess = \"shared\"\n\
                  private = \"queuedata\"\n\n\
                  [object.fix_request]\nrust = \"fix::Request\"\naccess = \"owned\"\n\
                  release = \"fix_end\"\nmethods = [\"fix_complete\"]\nconsumes = [\"fix_complete\"]\n\
                  calls = { fix_complete = \"fix_mq_ops.complete\" }\n\n\
                  [object.fix_disk]\nrust = \"fix::Disk\"\naccess = \"shared\"\n\
                  alloc = \"fix_alloc_disk\"\nteardown = [\"fix_put_disk\"]\n\
                  data = { \"fix_alloc_disk.queuedata\" = \"QueueData\" }\n\n\
                  [ops.fix_mq_ops]\nrust = \"fix::Operations\"\n\
                  data = { fix_queue = \"QueueData\" }\nrequired = [\"queue_rq\"]\n\
                  params = { \"queue_rq.rq\" = \"owned\", \"complete.rq\" = \"owned\" }\n\n\
                  [ops.fix_disk_ops]\nrust = \"fix::DiskOperations\"\npart_of = \"fix_mq_ops\"\n\
                  last = \"free_disk\"\nrequired = [\"open\"]\n";

#[test]
fn the_queue_spec_of_these_tests_is_accepted() {
    Fixture::new("cascade-mq-none", QUEUE, MQ).module("fix");
}

#[test]
fn a_misspelt_ops_table_is_reported_once() {
    let spec = MQ.replace("[ops.fix_mq_ops]", "[ops.fix_mq_opz]");
    Fixture::new("cascade-ops", QUEUE, &spec).assert_refused(&[(
        "fix_mq_opz]",
        "no struct named `fix_mq_opz` in the headers; did you mean `fix_mq_ops`?",
    )]);
}

#[test]
fn a_misspelt_part_of_is_reported_once() {
    let spec = MQ.replace("part_of = \"fix_mq_ops\"", "part_of = \"fix_mq_opz\"");
    Fixture::new("cascade-part-of", QUEUE, &spec).assert_refused(&[(
        "\"fix_mq_opz\"",
        "no [ops.*] entry named `fix_mq_opz` in the spec; did you mean `fix_mq_ops`?",
    )]);
}

#[test]
fn a_misspelt_data_object_is_reported_once() {
    let spec = MQ.replace(
        "data = { fix_queue = \"QueueData\" }",
        "data = { fix_qeue = \"QueueData\" }",
    );
    Fixture::new("cascade-data", QUEUE, &spec).assert_refused(&[(
        "fix_qeue",
        "no [object.*] entry named `fix_qeue` in the spec; did you mean `fix_queue`?",
    )]);
}

#[test]
fn a_misspelt_config_is_reported_once() {
    let spec = MQ.replace("[config.fix_limits]", "[config.fix_limitz]");
    Fixture::new("cascade-config", QUEUE, &spec).assert_refused(&[(
        "fix_limitz]",
        "no struct named `fix_limitz` in the headers; did you mean `fix_limits`?",
    )]);
}

#[test]
fn a_misspelt_field_or_method_is_not_reported_again_by_the_view_that_names_it() {
    let header = "struct fix_dev { unsigned int id; };\n\
                  int fix_read(struct fix_dev *dev, unsigned int reg);\n";
    let spec = "[object.fix_dev]\nrust = \"fix::Device\"\nfields = [\"idd\"]\n\
                methods = [\"fix_raed\"]\nstable = { id = \"set once\" }\n\
                self_locking = { fix_read = \"it locks\" }\n\
                views = { Unlocked = [\"id\", \"fix_read\"] }\n";
    Fixture::new("cascade-view", header, spec).assert_refused(&[
        (
            "\"idd\"",
            "no field of struct fix_dev named `idd` in the headers; did you mean `id`?",
        ),
        (
            "\"fix_raed\"",
            "no function named `fix_raed` in the headers; did you mean `fix_read`?",
        ),
    ]);
}

#[test]
fn a_refused_rename_is_not_reported_again_as_a_missing_name() {
    let header = "struct fix_dev { unsigned int id; };\n\
                  struct fix_ops { int (*set)(struct fix_dev *dev, unsigned int); };\n";
    let spec = "[object.fix_dev]\nrust = \"fix::Device\"\naccess = \"shared\"\n\n\
                [ops.fix_ops]\nrust = \"fix::Driver\"\nrename = { \"set.2\" = \"value\" }\n";
    Fixture::new("cascade-rename", header, spec).assert_refused(&[(
        "\"set.2\"",
        "`set.2` is not `callback.position` of a callback of `fix_ops` with that many parameters",
    )]);
}
