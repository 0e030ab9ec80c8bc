/* qemu_insn: a qemu-user TCG plugin that counts the guest instructions a program executes,
 * for bench/devices.sh (callgrind cannot run under qemu, and perf counts the host's
 * instructions, not the guest's). At exit it prints "insns TOTAL INSIDE CALLS" on qemu's log
 * (-d plugin): TOTAL every instruction; INSIDE those executed between a function's entry and
 * the return to one of its call sites, CALLS how many times it was entered: the counterpart of
 * callgrind's --toggle-collect=FUNCTION. The addresses come as arguments, offsets in the
 * program's file as objdump prints them, with the address the program is loaded at:
 *   -plugin libqemu_insn.so,base=0x40000000,entry=0x1ede0,ret=0x1ef54,ret=0x1fac0,sym=act
 * (qemu-arm loads a PIE program at 0x40000000; sym names the function so that a wrong base is
 * reported instead of counted: the entry's symbol must be it.)
 * Debian's qemu-user loads plugins but ships neither the example plugins nor their header, so
 * the few API calls used are declared here (plugin API version 1, the one qemu 7.2 speaks).
 * Each translated block adds its length to TOTAL inline when it starts; the entry and the
 * return sites take snapshots of TOTAL, so INSIDE is exact to a block at each end. Every
 * thread counts into the same counter, without atomics: exact while one thread runs at a time
 * (the reader turning pages, its workers idle). */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QI_EXPORT   __attribute__((visibility("default")))
#define QI_MAX_RETS 16

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
struct qemu_info; /* not read */
enum { QI_INLINE_ADD_U64 = 0, QI_CB_NO_REGS = 0 };

QI_EXPORT int qemu_plugin_version = 1;

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                           void (*cb)(qemu_plugin_id_t, struct qemu_plugin_tb *));
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, int op, void *ptr,
                                              uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                            void (*cb)(unsigned int, void *), int flags,
                                            void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, void (*cb)(qemu_plugin_id_t, void *),
                                    void *userdata);
void qemu_plugin_outs(const char *string);

QI_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info *info, int argc,
                                  char **argv);

static struct {
    uint64_t total, inside, calls, entered_at;
    int depth;
    uint64_t entry, rets[QI_MAX_RETS];
    int n_rets;
    const char *sym;
    int is_base_wrong;
} qi;

static void qi_on_entry(unsigned int vcpu, void *userdata)
{
    (void)vcpu, (void)userdata;
    if (qi.depth++ == 0)
        qi.entered_at = qi.total;
    qi.calls++;
}

static void qi_on_return(unsigned int vcpu, void *userdata)
{
    (void)vcpu, (void)userdata;
    if (qi.depth > 0 && --qi.depth == 0)
        qi.inside += qi.total - qi.entered_at;
}

static int qi_is_return_site(uint64_t va)
{
    for (int i = 0; i < qi.n_rets; i++)
        if (qi.rets[i] == va)
            return 1;
    return 0;
}

static void qi_on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    size_t n = qemu_plugin_tb_n_insns(tb);
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QI_INLINE_ADD_U64, &qi.total, n);
    if (!qi.entry)
        return;
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t va = qemu_plugin_insn_vaddr(insn);
        if (va == qi.entry) {
            const char *s = qemu_plugin_insn_symbol(insn);
            if (qi.sym && (!s || strcmp(s, qi.sym) != 0))
                qi.is_base_wrong = 1;
            qemu_plugin_register_vcpu_insn_exec_cb(insn, qi_on_entry, QI_CB_NO_REGS, NULL);
        } else if (qi_is_return_site(va)) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, qi_on_return, QI_CB_NO_REGS, NULL);
        }
    }
}

static void qi_on_exit(qemu_plugin_id_t id, void *userdata)
{
    (void)id, (void)userdata;
    char line[128];
    if (qi.is_base_wrong)
        snprintf(line, sizeof line, "qemu_insn: the entry address is not %s: wrong base\n", qi.sym);
    else
        snprintf(line, sizeof line, "insns %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", qi.total,
                 qi.inside, qi.calls);
    qemu_plugin_outs(line);
}

/* "name=value" arguments: base, entry, ret (repeated), sym. */
static int qi_parse_args(int argc, char **argv)
{
    uint64_t base = 0, entry = 0;
    for (int i = 0; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        if (!eq)
            return -1;
        size_t len = (size_t)(eq - argv[i]);
        uint64_t v = strtoull(eq + 1, NULL, 0);
        if (len == 4 && !strncmp(argv[i], "base", len))
            base = v;
        else if (len == 5 && !strncmp(argv[i], "entry", len))
            entry = v;
        else if (len == 3 && !strncmp(argv[i], "ret", len) && qi.n_rets < QI_MAX_RETS)
            qi.rets[qi.n_rets++] = v;
        else if (len == 3 && !strncmp(argv[i], "sym", len))
            qi.sym = eq + 1;
        else
            return -1;
    }
    if (entry)
        qi.entry = base + entry;
    for (int i = 0; i < qi.n_rets; i++)
        qi.rets[i] += base;
    return 0;
}

int qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info *info, int argc, char **argv)
{
    (void)info;
    if (qi_parse_args(argc, argv) < 0)
        return -1;
    qemu_plugin_register_vcpu_tb_trans_cb(id, qi_on_translate);
    qemu_plugin_register_atexit_cb(id, qi_on_exit, NULL);
    return 0;
}
