/* qemu_insn: a qemu-user TCG plugin that counts the guest instructions a program executes and
 * prints the total at exit ("insns N" on qemu's log: -d plugin). bench/devices.sh uses it for
 * the ARM page turn's instructions, since callgrind cannot run under qemu and perf counts the
 * host's instructions, not the guest's. Debian's qemu-user loads plugins (-plugin) but ships
 * neither the example plugins nor their header, so the few API calls used are declared here
 * (QEMU's plugin API version 1, the one qemu 7.2 speaks). Each translated block adds its
 * instruction count to one counter inline when it runs. Every thread counts into it, without
 * atomics: exact while one thread runs at a time (the reader turning pages, its workers idle). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define QI_EXPORT __attribute__((visibility("default")))

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_info; /* not read */
enum { QI_INLINE_ADD_U64 = 0 };

QI_EXPORT int qemu_plugin_version = 1;

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                           void (*cb)(qemu_plugin_id_t, struct qemu_plugin_tb *));
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, int op, void *ptr,
                                              uint64_t imm);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, void (*cb)(qemu_plugin_id_t, void *),
                                    void *userdata);
void qemu_plugin_outs(const char *string);

QI_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info *info, int argc,
                                  char **argv);

static uint64_t qi_count;

static void qi_on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QI_INLINE_ADD_U64, &qi_count,
                                             qemu_plugin_tb_n_insns(tb));
}

static void qi_on_exit(qemu_plugin_id_t id, void *userdata)
{
    (void)id, (void)userdata;
    char line[64];
    snprintf(line, sizeof line, "insns %llu\n", (unsigned long long)qi_count);
    qemu_plugin_outs(line);
}

int qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info *info, int argc, char **argv)
{
    (void)info, (void)argc, (void)argv;
    qemu_plugin_register_vcpu_tb_trans_cb(id, qi_on_translate);
    qemu_plugin_register_atexit_cb(id, qi_on_exit, NULL);
    return 0;
}
