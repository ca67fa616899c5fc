"""What the demo desk is made of: customers, people and support mail, per vendor pack.

Pure data. Templates use `{slot}` fields: a slot named in the issue's own
`slots` is filled from there, else from SLOTS, else by the generator (the
customer, the requester, the information block). The generator in
console/services/demo.py picks from these with a seeded random source.

Product names of the managed-file-transfer vendor's software are made up.
"""

from dataclasses import dataclass, field
from typing import Any

# ---------------------------------------------------------------- people and contracts


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    role: str = ""


@dataclass(frozen=True)
class ContractSpec:
    """A demo contract. Options that are dates are given as days before `now` (`*_days_ago`)."""

    id: str
    customer: str
    policy: str
    plan: str
    domains: tuple[str, ...]
    people: tuple[Person, ...]
    options: dict[str, Any] = field(default_factory=dict)
    days_ago_options: dict[str, int] = field(default_factory=dict)
    info_variants: tuple[str, ...] = ("default",)   # keys of INFO_VARIANTS[policy]
    weight: int = 1                                 # share of its vendor's tickets
    out_of_hours_desk: bool = False                 # p1s are worked at night (worklogs)


CONTRACTS: tuple[ContractSpec, ...] = (
    ContractSpec(
        id="hostlab-isp", customer="Hostlab Networks GmbH", policy="ispsystem", plan="privilege",
        domains=("hostlab.de",),
        people=(Person("Jonas Keller", "jonas.keller@hostlab.de", "Head of Platform"),
                Person("Miriam Vogt", "m.vogt@hostlab.de", "Systems Engineer"),
                Person("NOC Hostlab", "noc@hostlab.de", "Network Operations Centre")),
        options={"products": ["vmmanager", "dcimanager"], "supported_versions": ["6.112", "6.113"]},
        weight=3,
    ),
    ContractSpec(
        id="orbitra-isp", customer="Orbitra Cloud s.r.o.", policy="ispsystem", plan="standard",
        domains=("orbitra.cz",),
        people=(Person("Petr Dvořák", "petr.dvorak@orbitra.cz", "CTO"),
                Person("Lucie Horáková", "lucie.horakova@orbitra.cz", "Billing Administrator"),
                Person("Tomáš Beneš", "tomas.benes@orbitra.cz", "DevOps Engineer")),
        options={"products": ["billmanager", "dnsmanager", "vmmanager"],
                 "supported_versions": ["6.112", "6.113"]},
        weight=3,
    ),
    ContractSpec(
        id="kestrel-isp", customer="Kestrel Hosting Ltd", policy="ispsystem", plan="standard",
        domains=("kestrelhosting.co.uk",),
        people=(Person("Sam Whitfield", "sam@kestrelhosting.co.uk", "Managing Director"),),
        options={"products": ["vmmanager", "dnsmanager"], "supported_versions": ["6.112", "6.113"]},
        days_ago_options={"term_end": 24},
        weight=1,
    ),
    ContractSpec(
        id="northwind-alma", customer="Northwind Logistics AB", policy="almacare", plan="enhanced",
        domains=("northwind-logistics.se",),
        people=(Person("Erik Lindqvist", "erik.lindqvist@northwind-logistics.se",
                       "Linux Team Lead"),
                Person("Sara Nyberg", "sara.nyberg@northwind-logistics.se", "Senior SRE"),
                Person("Oskar Holm", "oskar.holm@northwind-logistics.se", "Identity Engineer"),
                Person("Johan Berg", "johan.berg@northwind-logistics.se", "Junior Administrator")),
        options={"hosts": 1200, "technical_leads": [
            "erik.lindqvist@northwind-logistics.se", "sara.nyberg@northwind-logistics.se",
            "oskar.holm@northwind-logistics.se"]},
        weight=3,
    ),
    ContractSpec(
        id="brightpath-alma", customer="Brightpath Health Trust", policy="almacare",
        plan="essential",
        domains=("brightpath-health.org",),
        people=(Person("Rachel Osei", "r.osei@brightpath-health.org", "Infrastructure Lead"),
                Person("Daniel Price", "daniel.price@brightpath-health.org",
                       "Service Desk Analyst")),
        options={"hosts": 380, "technical_leads": ["r.osei@brightpath-health.org"]},
        weight=2,
    ),
    ContractSpec(
        id="sundial-alma", customer="Sundial Media Group", policy="almacare", plan="enhanced",
        domains=("sundialmedia.com",),
        people=(Person("Lena Fischer", "lena.fischer@sundialmedia.com", "Platform Engineer"),
                Person("Marco Rossi", "marco.rossi@sundialmedia.com", "SRE"),
                Person("Aisha Karim", "aisha.karim@sundialmedia.com", "Database Administrator")),
        options={"hosts": 640, "technical_leads": [
            "lena.fischer@sundialmedia.com", "marco.rossi@sundialmedia.com",
            "aisha.karim@sundialmedia.com"]},
        weight=1,
    ),
    ContractSpec(
        id="meridian-p2c", customer="Meridian Freight plc", policy="pro2col", plan="24x7",
        domains=("meridianfreight.co.uk",),
        people=(Person("Claire Donnelly", "claire.donnelly@meridianfreight.co.uk",
                       "Integration Manager"),
                Person("Raj Patel", "raj.patel@meridianfreight.co.uk", "Infrastructure Engineer"),
                Person("Out of Hours Ops", "ops@meridianfreight.co.uk", "Operations Bridge")),
        options={"fair_use_prepaid_minutes": 60, "contract_year_start": "04-01"},
        info_variants=("transitvault",), weight=3, out_of_hours_desk=True,
    ),
    ContractSpec(
        id="caldera-p2c", customer="Caldera Insurance Services", policy="pro2col", plan="standard",
        domains=("caldera-insurance.co.uk",),
        people=(Person("Hannah Brooks", "hannah.brooks@caldera-insurance.co.uk",
                       "Applications Analyst"),
                Person("Gareth Lewis", "gareth.lewis@caldera-insurance.co.uk", "IT Operations")),
        info_variants=("gatehouse", "transitvault"), weight=2,
    ),
    ContractSpec(
        id="zenith-pc", customer="Zenith Analytics Inc.", policy="procomputers", plan="standard",
        domains=("zenith-analytics.com",),
        people=(Person("Megan Howard", "megan.howard@zenith-analytics.com", "Cloud Engineer"),
                Person("Luis Ortega", "luis.ortega@zenith-analytics.com", "DevOps Lead")),
        info_variants=("aws",), weight=2,
    ),
    ContractSpec(
        id="lumen-pc", customer="Lumen Retail Group", policy="procomputers", plan="standard",
        domains=("lumenretail.com",),
        people=(Person("Priyanka Shah", "priyanka.shah@lumenretail.com", "Azure Administrator"),
                Person("Ben Carter", "ben.carter@lumenretail.com", "Systems Engineer")),
        info_variants=("azure",), weight=2,
    ),
    ContractSpec(
        id="fjordbyte-pc", customer="Fjordbyte AS", policy="procomputers", plan="standard",
        domains=("fjordbyte.no",),
        people=(Person("Ingrid Solberg", "ingrid@fjordbyte.no", "Founder"),),
        info_variants=("aws", "azure"), weight=1,
    ),
)

# Vendors' share of the desk's mail (unrouted: from nobody we hold a contract for).
VENDOR_WEIGHTS: dict[str, int] = {
    "ispsystem": 30, "almacare": 25, "pro2col": 20, "procomputers": 20, "unrouted": 4,
}

ENGINEERS: tuple[str, ...] = ("ana.petrova", "marek.novak", "priya.raman", "tom.okafor")

# Accounts that write on the desk's behalf (not people).
INTAKE_ACTOR = "intake"

UNROUTED_SENDERS: tuple[Person, ...] = (
    Person("Alex Morgan", "alex.morgan1987@gmail.com"),
    Person("Nadia Haddad", "nadia@haddad-consulting.fr"),
    Person("IT Department", "it@greenfield-school.org.uk"),
    Person("Victor Chen", "victor.chen@quantumleap.io"),
    Person("Procurement", "purchasing@baltic-shipping.lv"),
)


# ---------------------------------------------------------------- what customers write


@dataclass(frozen=True)
class Part:
    """One of the tickets a multi-problem mail is split into.

    Paragraphs `first`..`last` of the body (counted from 0) become its body;
    `attributes` are set on the child right after the split (its own product).
    """

    subject: str
    severity: str            # a severity id, or "impact/urgency"
    first: int
    last: int
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Issue:
    """One kind of support mail.

    Every slot takes one value per mail, the same in the subject, the body and
    the information block.

    `severities`: severity ids the desk would give it, or "impact/urgency" pairs for
    packs that derive priority. `attributes`: fixed ticket attributes (ISPsystem's
    product, AlmaCare's area). `reject`: the pack's reject reason that fits, if any.
    `parts`: for mail that raises several problems at once, the tickets it should be
    split into.
    """

    subject: str
    body: str
    severities: tuple[str, ...]
    attributes: dict[str, str] = field(default_factory=dict)
    slots: dict[str, tuple[str, ...]] = field(default_factory=dict)
    variants: tuple[str, ...] = ()   # only mail of these INFO_VARIANTS keys (a cloud, a product)
    reject: str | None = None
    parts: tuple[Part, ...] = ()


# How the customer ends a mail about an urgent (top two severities) or a calmer problem;
# the generator fills {urgency_line} from the one that fits the ticket's severity.
URGENCY_LINES: dict[bool, tuple[str, ...]] = {
    True: (
        "This is affecting production, please treat it as urgent.",
        "Customers are already calling us about it.",
        "Please call us back as soon as possible.",
    ),
    False: (
        "We have a workaround for now but it is not sustainable.",
        "Not critical, but we would like to understand what happened.",
        "Please advise at your earliest convenience.",
    ),
}

# Slots any template may use.
SLOTS: dict[str, tuple[str, ...]] = {
    "greeting": ("Hello,", "Hi team,", "Good morning,", "Dear Support,", "Hi,",
                 "Hello support team,"),
    "closing": ("Regards,", "Kind regards,", "Best regards,", "Thanks,", "Many thanks,", "Cheers,"),
    "since": ("since about 02:40 UTC", "since this morning", "since yesterday evening",
              "since the weekend", "for the last two hours",
              "since our maintenance window last night"),
    "tried": (
        "We already restarted the service and rebooted the node, with no change.",
        "Logs are attached; nothing obvious in them as far as we can see.",
        "We rolled back the last configuration change, it did not help.",
        "The same setup works fine on our staging environment.",
    ),
}


ISSUES: dict[str, tuple[Issue, ...]] = {
    "ispsystem": (
        Issue(
            subject="Cluster node {node} shows 'Unavailable' in VMmanager",
            body=(
                "{greeting}\n\n"
                "Node {node} in cluster {cluster} has been marked Unavailable {since}. "
                "The {vms} virtual machines on it keep running, but we cannot stop, migrate or "
                "open a console for any of them from the panel.\n\n"
                "From the master the node answers ping and SSH, libvirtd is active, and "
                "`systemctl status vmmanager-agent` looks normal. The task log shows "
                "\"Connection to node lost: timeout while waiting for agent response\".\n\n"
                "{info}\n\n"
                "{tried} {urgency_line}"
            ),
            severities=("emergency", "high", "high"),
            attributes={"product": "vmmanager"},
            slots={"node": ("kvm-node07", "hv-fra-12", "node-b3", "kvm-ams-04"),
                   "cluster": ("FRA-PROD", "AMS-KVM-2", "main-cluster", "cloud-eu1"),
                   "vms": ("37", "52", "118", "14")},
        ),
        Issue(
            subject="VM {vm} will not start after live migration",
            body=(
                "{greeting}\n\n"
                "We migrated {vm} from {node} to another node in the same cluster and now it "
                "refuses to start. VMmanager shows the task as failed with:\n\n"
                "    error: Failed to start domain '{vm}'\n"
                "    error: internal error: qemu unexpectedly closed the monitor: "
                "Could not open '/vm/{vm}.qcow2': Permission denied\n\n"
                "The disk image is there and has the same owner as on the other nodes. "
                "{info}\n\n"
                "{urgency_line}"
            ),
            severities=("high", "medium"),
            attributes={"product": "vmmanager"},
            slots={"vm": ("web-prod-03", "db-replica-2", "customer-vps-4471", "mail-gw-01"),
                   "node": ("kvm-node02", "hv-fra-09", "node-a1")},
        ),
        Issue(
            subject="Backup task stuck at 0% for cluster {cluster}",
            body=(
                "{greeting}\n\n"
                "The nightly VMmanager backup schedule for cluster {cluster} has been "
                "sitting at 0% {since}. Cancelling the task from the panel does nothing, and "
                "new backup tasks queue behind it. The backup storage is an NFS share with "
                "plenty of free space, mounted on all nodes.\n\n"
                "{info}\n\n"
                "Could you tell us how to clear the stuck task safely?"
            ),
            severities=("medium", "medium", "high"),
            attributes={"product": "vmmanager"},
            slots={"cluster": ("FRA-PROD", "AMS-KVM-2", "main-cluster")},
        ),
        Issue(
            subject="IP pool reports no free addresses although {free} are unused",
            body=(
                "{greeting}\n\n"
                "Creating a VM in VMmanager fails with \"No free IP addresses in pool "
                "{pool}\". The pool is a /24 and by our count only {used} addresses are "
                "assigned, so {free} should be free. We suspect addresses of deleted VMs "
                "were never released.\n\n"
                "{info}\n\n"
                "Is there a supported way to resync the pool?"
            ),
            severities=("medium", "low"),
            attributes={"product": "vmmanager"},
            slots={"pool": ("public-fra-1", "customers-v4", "ams-public"),
                   "used": ("201", "188", "230"), "free": ("53", "66", "24")},
        ),
        Issue(
            subject="Licence expired banner in VMmanager after renewal",
            body=(
                "{greeting}\n\n"
                "We renewed our VMmanager licence yesterday, but the panel still says "
                "\"License expired\" and will not let us create or start virtual machines. "
                "The licence page shows the new period, yet the banner stays and the nodes "
                "are read-only.\n\n"
                "{info}\n\n"
                "{urgency_line}"
            ),
            severities=("emergency",),
            attributes={"product": "vmmanager"},
        ),
        Issue(
            subject="How to limit disk IOPS per virtual machine?",
            body=(
                "{greeting}\n\n"
                "A quick question: we would like to cap disk IOPS for the VMs of one "
                "tariff so that a noisy customer cannot starve the storage. Is this possible "
                "per VM or per template in VMmanager, and does it survive a migration?\n\n"
                "{info}"
            ),
            severities=("low",),
            attributes={"product": "vmmanager"},
        ),
        Issue(
            subject="Server {server} stuck in 'Installing OS' in DCImanager",
            body=(
                "{greeting}\n\n"
                "Server {server} in rack {rack} has been in the status \"Installing OS\" "
                "{since}. The IPMI console shows the installer finished and the server "
                "booted into the new system, but DCImanager never received the callback. "
                "Other servers in the same rack installed fine.\n\n"
                "{info}\n\n"
                "{tried}"
            ),
            severities=("high", "medium"),
            attributes={"product": "dcimanager"},
            slots={"server": ("srv-1042", "dedi-7781", "bm-fra-0319"),
                   "rack": ("R12", "FRA1-C07", "AMS-B4")},
        ),
        Issue(
            subject="IPMI not responding for all servers in rack {rack}",
            body=(
                "{greeting}\n\n"
                "DCImanager shows \"IPMI connection error\" for every server in rack {rack} "
                "{since}. We can reach the BMCs from the location server with ipmitool, so "
                "the network path is fine. Power management and reinstall are blocked for "
                "our customers in that rack.\n\n"
                "{info}\n\n"
                "{urgency_line}"
            ),
            severities=("emergency", "high"),
            attributes={"product": "dcimanager"},
            slots={"rack": ("R07", "FRA1-C02", "AMS-A9")},
        ),
        Issue(
            subject="Switch {switch} port polling fails: SNMP timeout",
            body=(
                "{greeting}\n\n"
                "Port statistics for switch {switch} stopped updating in DCImanager and the "
                "log shows \"SNMP request timeout\" every five minutes. snmpwalk from the "
                "location server with the same community works.\n\n"
                "{info}"
            ),
            severities=("medium", "low"),
            attributes={"product": "dcimanager"},
            slots={"switch": ("sw-core-fra1", "juniper-ex-r12", "arista-tor-07")},
        ),
        Issue(
            subject="{paymod} payments stay in status 'New' in BILLmanager",
            body=(
                "{greeting}\n\n"
                "Payments made through the {paymod} payment module have stayed in status "
                "\"New\" {since}, even though the money arrives on our account. The "
                "callback from {paymod} gets HTTP 500, and billmgr.log has:\n\n"
                "    ERROR payment callback: Method 'payment.result' failed: "
                "Value of 'amount' is not valid\n\n"
                "Customers are topping up their balance and their services are still being "
                "suspended. {info}\n\n"
                "{urgency_line}"
            ),
            severities=("emergency", "high"),
            attributes={"product": "billmanager"},
            slots={"paymod": ("Stripe", "PayPal", "GoPay", "Przelewy24")},
        ),
        Issue(
            subject="Invoices not generated for the {month} billing run",
            body=(
                "{greeting}\n\n"
                "The monthly BILLmanager invoice run for {month} completed without errors but "
                "produced no invoices for about a third of our clients (all of them legal "
                "entities with postpaid contracts). Prepaid clients got their invoices.\n\n"
                "{info}\n\n"
                "We need the invoices out before the end of the week for our accounting."
            ),
            severities=("high", "medium"),
            attributes={"product": "billmanager"},
            slots={"month": ("January", "February", "March", "October", "November")},
        ),
        Issue(
            subject="Configuring hourly billing for VDS tariffs",
            body=(
                "{greeting}\n\n"
                "We would like to offer VDS with hourly billing in BILLmanager, charged "
                "from the client's balance, with the daily maximum capped at the monthly "
                "price divided by 30. Is this supported out of the box, and where is it "
                "configured?\n\n"
                "{info}"
            ),
            severities=("low",),
            attributes={"product": "billmanager"},
        ),
        Issue(
            subject="DNS zone sync to secondary {ns} failing",
            body=(
                "{greeting}\n\n"
                "Zones created or changed in DNSmanager are no longer propagated to our "
                "secondary name server {ns}. The master log shows \"zone transfer refused\" "
                "for every zone, and the serials on {ns} are {since} old. Nothing changed on "
                "the secondary as far as we know.\n\n"
                "{info}\n\n"
                "{urgency_line}"
            ),
            severities=("high", "medium"),
            attributes={"product": "dnsmanager"},
            slots={"ns": ("ns2.orbitra.cz", "ns3.example-dns.net", "sec1.kestrel-dns.uk")},
        ),
        Issue(
            subject="Cannot log in to DNSmanager after update",
            body=(
                "{greeting}\n\n"
                "After last night's automatic update DNSmanager shows the login page, "
                "accepts the password and then returns to the login page again. Admin and "
                "reseller accounts are affected alike. The API answers with "
                "\"Unauthorized\".\n\n"
                "{info}\n\n"
                "{urgency_line}"
            ),
            severities=("emergency",),
            attributes={"product": "dnsmanager"},
        ),
        Issue(
            subject="VMmanager node down and BILLmanager invoices numbered twice",
            body=(
                "{greeting}\n\n"
                "Two problems, both since this week's update.\n\n"
                "First, VMmanager: node kvm-node05 went to 'Unavailable' this morning and "
                "the VMs on it cannot be managed from the panel. The agent log says "
                "\"certificate verify failed\". VMmanager version 6.113.\n\n"
                "Second, BILLmanager: invoices issued since Monday reuse numbers that were "
                "already issued in the previous month, which our accountant has flagged. "
                "BILLmanager version 6.113.\n\n"
                "{closing_name}"
            ),
            severities=("high",),
            attributes={"product": "vmmanager", "version": "6.113"},
            parts=(Part("VMmanager: node kvm-node05 unavailable, agent certificate verify failed",
                        "high", 2, 2),
                   Part("BILLmanager: invoice numbers reused since Monday", "medium", 3, 3,
                        {"product": "billmanager"})),
        ),
    ),
    "almacare": (
        Issue(
            subject="Kernel panic after update to {kernel}",
            body=(
                "{greeting}\n\n"
                "After applying this week's updates and rebooting, {hosts} of our AlmaLinux "
                "9 hosts panic during boot with:\n\n"
                "    VFS: Unable to mount root fs on unknown-block(0,0)\n"
                "    Kernel panic - not syncing: VFS: Unable to mount root fs\n\n"
                "They boot with the previous kernel, so we pinned that for now. The affected "
                "hosts all use a software RAID1 root with LVM on top.\n\n"
                "{urgency_line}"
            ),
            severities=("sev1", "sev2"),
            attributes={"area": "os"},
            slots={"kernel": ("5.14.0-503.22.1.el9_5", "5.14.0-427.42.1.el9_4",
                              "4.18.0-553.36.1.el8_10"),
                   "hosts": ("12", "3", "40", "7")},
        ),
        Issue(
            subject="leapp upgrade from CentOS 7 stops at {phase}",
            body=(
                "{greeting}\n\n"
                "We are migrating our remaining CentOS 7 servers to AlmaLinux 8 with "
                "ELevate. `leapp preupgrade` reports an inhibitor and `leapp upgrade` stops "
                "at the {phase} phase:\n\n"
                "    Inhibitor: Detected loaded kernel drivers which have been removed in "
                "RHEL 8. Upgrade cannot proceed.\n"
                "    Removed drivers: {driver}\n\n"
                "The servers are Dell R630s in production. Is it safe to unload the module, "
                "or do we need a different approach?"
            ),
            severities=("sev3", "sev3", "sev2"),
            attributes={"area": "os"},
            slots={"phase": ("checks", "FactsCollection", "InterimPreparation"),
                   "driver": ("floppy, pata_acpi", "mptsas", "megaraid_sas (older PCI ids)")},
        ),
        Issue(
            subject="FreeIPA replication broken between {ipa1} and {ipa2}",
            body=(
                "{greeting}\n\n"
                "Replication between our IPA servers {ipa1} and {ipa2} stopped {since}. "
                "`ipa-replica-manage list -v` shows:\n\n"
                "    last update status: Error (-1) Problem connecting to replica - "
                "LDAP error: Can't contact LDAP server\n\n"
                "Users created on {ipa1} cannot log in at the sites served by {ipa2}. "
                "Both servers run AlmaLinux 9 with the distribution's ipa-server packages.\n\n"
                "{urgency_line}"
            ),
            severities=("sev2", "sev2", "sev1"),
            attributes={"area": "application"},
            slots={"ipa1": ("ipa01.corp.local", "idm-sto-1", "ipa-a"),
                   "ipa2": ("ipa02.corp.local", "idm-got-1", "ipa-b")},
        ),
        Issue(
            subject="dnf update fails: GPG check FAILED for {pkg}",
            body=(
                "{greeting}\n\n"
                "`dnf update` on several hosts fails with:\n\n"
                "    Public key for {pkg}.rpm is not installed. Failing package is: {pkg}\n"
                "    Error: GPG check FAILED\n\n"
                "We have not changed anything in /etc/yum.repos.d. Is there a new signing "
                "key we should import?"
            ),
            severities=("sev3", "sev2"),
            attributes={"area": "os"},
            slots={"pkg": ("openssl-libs-3.2.2-6.el9_5", "glibc-2.34-125.el9_5.1",
                           "systemd-252-46.el9_5.2")},
        ),
        Issue(
            subject="PostgreSQL {pg} replica lagging after minor upgrade",
            body=(
                "{greeting}\n\n"
                "Since we applied the PostgreSQL {pg} minor update from the AppStream "
                "module, our streaming replica falls behind by several GB during the "
                "nightly batch and only catches up late morning. Before the update the lag "
                "never exceeded a few seconds. Hardware and configuration are unchanged.\n\n"
                "{tried}"
            ),
            severities=("sev2", "sev3"),
            attributes={"area": "application"},
            slots={"pg": ("13.18", "15.10", "16.6")},
        ),
        Issue(
            subject="SELinux denials for httpd after upgrade to 9.{minor}",
            body=(
                "{greeting}\n\n"
                "After moving to AlmaLinux 9.{minor} our web servers log AVC denials for "
                "httpd reading files under /srv/www, which worked before:\n\n"
                "    avc: denied {{ read }} for comm=\"httpd\" name=\"index.php\" "
                "scontext=system_u:system_r:httpd_t:s0\n\n"
                "We can relabel, but we would like to understand what changed in the policy."
            ),
            severities=("sev3", "sev4"),
            attributes={"area": "os"},
            slots={"minor": ("4", "5")},
        ),
        Issue(
            subject="Live patches not applied on {hosts} hosts",
            body=(
                "{greeting}\n\n"
                "The live patching agent on {hosts} hosts reports \"Unable to apply patch: "
                "kernel not supported\" although they run the same kernel as the rest of "
                "the fleet, where patches apply fine. The agent version is the same "
                "everywhere.\n\n"
                "{closing_name}"
            ),
            severities=("sev3",),
            attributes={"area": "os"},
            slots={"hosts": ("4", "17", "2")},
        ),
        Issue(
            subject="Question: end of support dates for AlmaLinux 8",
            body=(
                "{greeting}\n\n"
                "For our planning: until when will AlmaLinux 8 receive security updates, "
                "and does our AlmaCare contract change anything about that? We still run "
                "about 200 hosts on 8.10."
            ),
            severities=("sev4",),
            attributes={"area": "os"},
        ),
        Issue(
            subject="nginx {nginx} worker segfaults under load",
            body=(
                "{greeting}\n\n"
                "Our reverse proxies log nginx worker crashes several times an hour at peak:\n\n"
                "    kernel: nginx[{pid}]: segfault at 0 ip 000055d1 sp 00007ffd error 4 in "
                "nginx\n\n"
                "The master restarts the workers, but clients see resets. It started with "
                "the nginx {nginx} package from the AppStream stream.\n\n"
                "{urgency_line}"
            ),
            severities=("sev2", "sev2", "sev3"),
            attributes={"area": "application"},
            slots={"nginx": ("1.24.0", "1.26.2"), "pid": ("41872", "9931", "120044")},
        ),
        Issue(
            subject="NFS mounts hang at boot after kernel update",
            body=(
                "{greeting}\n\n"
                "Since the last kernel update, hosts that mount NFS shares in /etc/fstab "
                "hang for several minutes at boot (\"A start job is running for "
                "/mnt/shared\") and sometimes come up without the mount. Mounting by hand "
                "afterwards works.\n\n"
                "{tried}"
            ),
            severities=("sev2", "sev3"),
            attributes={"area": "os"},
        ),
        Issue(
            subject="Kernel panic on reboot and question about leapp for the rest of the fleet",
            body=(
                "{greeting}\n\n"
                "Two things from us this week.\n\n"
                "Urgent: since yesterday's patch run, db-node-03 panics on reboot with "
                "\"Unable to mount root fs on unknown-block(0,0)\". It is one of our database "
                "servers and is running on the old kernel only because we caught it at the "
                "console.\n\n"
                "Less urgent: we still have 30 CentOS 7 machines. Should we use leapp to go "
                "to AlmaLinux 8 and then 9, or reinstall? What do you recommend for hosts "
                "with custom kernel modules?\n\n"
                "{closing_name}"
            ),
            severities=("sev2",),
            attributes={"area": "os"},
            parts=(Part("Kernel panic on reboot of db-node-03 after patch run", "sev1", 2, 2),
                   Part("Advice: leapp path for 30 CentOS 7 hosts with custom modules",
                        "sev4", 3, 3)),
        ),
    ),
    "pro2col": (
        Issue(
            subject="Scheduled transfers to {partner} failing {since}",
            body=(
                "{greeting}\n\n"
                "All scheduled outbound transfers to {partner} are failing {since}. The job "
                "history shows:\n\n"
                "    Transfer failed: Connection reset by peer (SFTP, port 22)\n\n"
                "{partner} say nothing changed on their side. These transfers carry our "
                "daily customs declarations, so shipments will be held if they do not go "
                "out today.\n\n"
                "{info}"
            ),
            severities=("high/high", "high/medium"),
            slots={"partner": ("HMRC CDS gateway", "Rotterdam port community system",
                               "DHL EDI hub", "Maersk B2B")},
        ),
        Issue(
            subject="SFTP host key warning for partners after certificate renewal",
            body=(
                "{greeting}\n\n"
                "We renewed the SSL certificate and rotated the SSH host key on "
                "{host} yesterday as planned. Since then several trading partners get "
                "\"Host key verification failed\" and their automated uploads stop. We sent "
                "them the new fingerprint, but two of them cannot change their clients "
                "before next week.\n\n"
                "Can we serve the old host key on a second listener for a transition "
                "period?\n\n"
                "{info}"
            ),
            severities=("medium/high", "high/medium", "medium/medium"),
            slots={"host": ("mft.meridianfreight.co.uk", "sftp.caldera-insurance.co.uk")},
        ),
        Issue(
            subject="Licence key rejected after moving the server",
            body=(
                "{greeting}\n\n"
                "We moved our file transfer server to new hardware over the weekend. On "
                "start-up the service now logs \"License validation failed: hardware "
                "fingerprint mismatch\" and runs in read-only mode. No transfers are "
                "processed.\n\n"
                "{info}\n\n"
                "{urgency_line}"
            ),
            severities=("high/high", "high/medium"),
        ),
        Issue(
            subject="Web client login returns 503 Service Unavailable",
            body=(
                "{greeting}\n\n"
                "The browser client for external users returns \"503 Service Unavailable\" "
                "{since}. Internal users on the desktop client are unaffected. The gateway "
                "service shows as running on the DMZ server.\n\n"
                "{info}"
            ),
            severities=("high/medium", "medium/high", "medium/medium"),
        ),
        Issue(
            subject="Ad hoc transfer notification emails not reaching external recipients",
            body=(
                "{greeting}\n\n"
                "When our staff send files with the ad hoc transfer module, internal "
                "recipients get the download link but external recipients never receive "
                "the notification email. The SMTP log on our relay shows no attempt for the "
                "external addresses.\n\n"
                "{info}"
            ),
            severities=("medium/medium", "low/medium", "medium/low"),
        ),
        Issue(
            subject="Question about upgrading to {target_version}",
            body=(
                "{greeting}\n\n"
                "We are planning to upgrade to {target_version} next quarter. Could you "
                "help us with the upgrade itself, or point us to the steps? We would also "
                "like to know whether our custom automation projects need changes.\n\n"
                "{info}"
            ),
            severities=("low/low",),
            reject="upgrade_service",
            slots={"target_version": ("the 2025.1 release", "the next major version")},
        ),
        Issue(
            subject="Automation job hangs at 'Waiting for file lock'",
            body=(
                "{greeting}\n\n"
                "The nightly automation job that collects claims files from the shared "
                "folder hangs at \"Waiting for file lock\" and has to be killed in the "
                "morning. It happens about twice a week. The folder is on our NAS.\n\n"
                "{info}"
            ),
            severities=("medium/low", "low/medium", "medium/medium"),
        ),
        Issue(
            subject="AS2 MDN receipts not returned to {partner}",
            body=(
                "{greeting}\n\n"
                "{partner} tell us they have not received MDN receipts for AS2 messages "
                "{since}, so their system resends every message and we get duplicates. Our "
                "side shows the messages as received and the MDNs as \"queued\".\n\n"
                "{info}\n\n"
                "{urgency_line}"
            ),
            severities=("high/medium", "medium/high"),
            slots={"partner": ("Nordic Timber AB", "Allianz Re", "Kuehne+Nagel")},
        ),
        Issue(
            subject="PGP decryption fails for files from {partner}",
            body=(
                "{greeting}\n\n"
                "Files received from {partner} fail decryption in the workflow with "
                "\"PGP: no secret key found for recipient\". They say they encrypt with the "
                "public key we gave them last year. Files from other partners decrypt "
                "fine.\n\n"
                "{info}"
            ),
            severities=("medium/medium", "medium/low"),
            slots={"partner": ("Aviva Broker Services", "Nordic Timber AB", "Zurich UK")},
        ),
        Issue(
            subject="Audit log report export is empty",
            body=(
                "{greeting}\n\n"
                "Exporting the audit log report to CSV for last month produces a file with "
                "only the header row, although the report shows thousands of entries on "
                "screen. We need this export for our ISO 27001 audit next month.\n\n"
                "{info}"
            ),
            severities=("low/medium", "low/low"),
        ),
        Issue(
            subject="Licence expiry warning and SFTP certificate expiring",
            body=(
                "{greeting}\n\n"
                "Two issues on our transfer server, please.\n\n"
                "1. The admin console shows \"Your license expires in 3 days\", although we "
                "renewed the maintenance in January. Without a licence the service will "
                "stop processing transfers.\n\n"
                "2. The certificate used by the FTPS listener expires at the end of the "
                "month. What is the procedure to replace it without restarting the "
                "service during business hours?\n\n"
                "{info}"
            ),
            severities=("high/medium",),
            parts=(Part("Licence expiry warning although maintenance renewed", "high/medium", 2, 2),
                   Part("FTPS listener certificate replacement procedure", "low/medium", 3, 3)),
        ),
    ),
    "procomputers": (
        Issue(
            subject="cloud-init does not run on first boot, SSH key missing",
            body=(
                "{greeting}\n\n"
                "Instances launched from your {distro} image come up without our SSH key: "
                "cloud-init does not seem to run on first boot. The console log ends with "
                "\"cloud-init: Datasource DataSourceNone\". Instances from an older version "
                "of the image work.\n\n"
                "{info}"
            ),
            severities=("sev2", "sev2", "sev3"),
        ),
        Issue(
            subject="RHUI repository error: cannot download repomd.xml",
            body=(
                "{greeting}\n\n"
                "`dnf makecache` on our RHEL instances fails with:\n\n"
                "    Errors during downloading metadata for repository "
                "'rhel-9-baseos-rhui-rpms':\n"
                "      - Curl error (60): SSL peer certificate or SSH remote key was not OK\n"
                "    Error: Failed to download metadata for repo: Cannot download "
                "repomd.xml\n\n"
                "So we cannot install packages or security updates.\n\n"
                "{info}"
            ),
            severities=("sev2", "sev3"),
            slots={"distro": ("RHEL 9.5", "RHEL 8.10")},
        ),
        Issue(
            subject="Instance fails status checks after resize to {instance_type}",
            body=(
                "{greeting}\n\n"
                "We resized a production instance to {instance_type} and it now fails the "
                "instance status check; the serial console shows it waiting for the root "
                "device. Resizing back to the old type brings it up again.\n\n"
                "{info}\n\n"
                "{urgency_line}"
            ),
            severities=("sev1", "sev2"),
        ),
        Issue(
            subject="Azure VM stuck in 'Updating', waagent not ready",
            body=(
                "{greeting}\n\n"
                "A VM from your {distro} image has been stuck in the provisioning state "
                "\"Updating\" {since}. Boot diagnostics show the OS is up, but the portal "
                "says \"VM agent is not ready\" and extensions time out.\n\n"
                "{info}"
            ),
            severities=("sev2", "sev3"),
            variants=("azure",),
        ),
        Issue(
            subject="Root file system not grown to the full disk size",
            body=(
                "{greeting}\n\n"
                "We launched the image with a 200 GB OS disk, but / is still 10 GB. "
                "growpart seems not to have run. Is this expected for the {distro} image, "
                "and what is the supported way to extend it?\n\n"
                "{info}"
            ),
            severities=("sev3", "sev4"),
        ),
        Issue(
            subject="Second network interface not configured on {instance_type}",
            body=(
                "{greeting}\n\n"
                "We attach a second ENI/NIC to instances of type {instance_type}; the interface "
                "appears as eth1 but gets no address, and NetworkManager reports it as "
                "unmanaged.\n\n"
                "{info}"
            ),
            severities=("sev3",),
        ),
        Issue(
            subject="Boot fails after dnf update to a new kernel",
            body=(
                "{greeting}\n\n"
                "After running `dnf update` and rebooting, the instance no longer boots: the "
                "serial console stops at \"dracut-initqueue timeout\". We had installed "
                "a third-party storage driver and some monitoring agents after deployment.\n\n"
                "{info}"
            ),
            severities=("sev2",),
            reject="after_update",
        ),
        Issue(
            subject="Is SAP HANA supported on your {distro} image?",
            body=(
                "{greeting}\n\n"
                "We are evaluating your {distro} image for SAP HANA. Do you support installing "
                "and tuning HANA on it, and can you help with the SAP notes?\n\n"
                "{info}"
            ),
            severities=("sev4",),
            reject="out_of_scope",
        ),
        Issue(
            subject="Image shows as deprecated in the marketplace",
            body=(
                "{greeting}\n\n"
                "Our Terraform pipeline pins the image version we have been using and the "
                "marketplace now lists it as deprecated. Will existing instances keep "
                "working, and which version should we move to?\n\n"
                "{info}"
            ),
            severities=("sev4",),
        ),
        Issue(
            subject="Support for our customised copy of your image",
            body=(
                "{greeting}\n\n"
                "We took your image, added our hardening and agents, and published it as "
                "a private image in our own account. Instances from it lose network after "
                "reboot. Could you take a look?\n\n"
                "{info}"
            ),
            severities=("sev3",),
            attributes={"image_source": "private"},
            reject="not_official_image",
        ),
        Issue(
            subject="cloud-init ignores user data and RHUI updates fail",
            body=(
                "{greeting}\n\n"
                "Two problems with new instances from your image this week.\n\n"
                "First, the user data we pass at launch is ignored: the packages and users "
                "it defines are not created, and /var/log/cloud-init.log shows no modules "
                "running after the init stage.\n\n"
                "Second, on the same instances `dnf update` cannot reach the RHUI "
                "repositories (\"Cannot download repomd.xml\"), so we cannot patch them.\n\n"
                "{info}"
            ),
            severities=("sev2",),
            slots={"distro": ("RHEL 9.5", "RHEL 8.10")},
            parts=(Part("cloud-init ignores user data on new instances", "sev2", 2, 2),
                   Part("RHUI repositories unreachable: cannot download repomd.xml", "sev3", 3, 3)),
        ),
    ),
    "unrouted": (
        Issue(
            subject="URGENT server down",
            body=("hi\n\nour server is down since this morning and the website does not load. "
                  "we are hosting with you i think. please call me back asap\n\n{name}"),
            severities=(),
        ),
        Issue(
            subject="Quote for support renewal",
            body=("{greeting}\n\nCould you send us a quote for renewing our support for "
                  "another year? We currently have around 50 servers.\n\n{closing_name}"),
            severities=(),
        ),
        Issue(
            subject="Re: ticket about VMmanager",
            body=("{greeting}\n\nFollowing up on my colleague's ticket from last week about "
                  "VMmanager backups. Is there any news? I am writing from my personal address "
                  "because our mail server is being migrated.\n\n{closing_name}"),
            severities=(),
        ),
        Issue(
            subject="Partnership enquiry",
            body=("{greeting}\n\nWe are a managed service provider in the Baltics and would "
                  "like to resell your support services. Who would be the right person to "
                  "talk to?\n\n{closing_name}"),
            severities=(),
        ),
        Issue(
            subject="AlmaLinux kernel question",
            body=("{greeting}\n\nDo you provide support for AlmaLinux kernel issues for "
                  "schools? One of our servers keeps freezing.\n\n{closing_name}"),
            severities=(),
        ),
    ),
}


# ---------------------------------------------------------------- required information blocks

# Per pack, variants of the information a customer is asked to include (a product, a
# cloud). `fields` maps a field id of the pack's required_info to (line template with
# {value}, value choices); a choice may itself hold slots, and `slots` are the
# variant's own. A mail carries some or all of the fields; a template that names a
# field as a slot (e.g. {instance_type}) always has it.
_BUILDS = ("20241105", "20241118", "20250109", "20250130", "20250212")

INFO_VARIANTS: dict[str, dict[str, dict[str, Any]]] = {
    "ispsystem": {
        "default": {
            "fields": {
                "version": ("We are running version {value}.",
                            ("6.113", "6.113", "6.113", "6.112", "6.112", "6.109")),
            },
        },
    },
    "pro2col": {
        "transitvault": {
            "fields": {
                "product": ("Product: {value}", ("Transitvault MFT Server",)),
                "modules": ("Modules: {value}", ("Secure Mail, Ad Hoc Transfer", "SFTP, Gateway",
                                                 "AS2, Automation", "Web Client, Ad Hoc Transfer")),
                "version": ("Version: {value}", ("2024.2.1", "2024.3.0", "2024.3.2")),
                "os": ("OS: {value}", ("Windows Server 2019", "Windows Server 2022")),
                "serial": ("Serial: {value}", ("TVM-48213-UK", "TVM-77104-ENT", "TVM-51920-UK")),
            },
        },
        "gatehouse": {
            "fields": {
                "product": ("Product: {value}", ("Gatehouse Automate",)),
                "modules": ("Modules: {value}", ("Automation, SFTP", "Automation, PGP",
                                                 "Scheduler, Monitors")),
                "version": ("Version: {value}", ("8.6.4", "8.7.0", "9.0.1")),
                "os": ("OS: {value}", ("Red Hat Enterprise Linux 8.10", "Windows Server 2022")),
                "serial": ("Serial: {value}", ("GHA-20931-PRO", "GHA-31077-PRO")),
            },
        },
    },
    "procomputers": {
        "aws": {
            "slots": {"distro": ("RHEL 9.5", "RHEL 8.10", "AlmaLinux 9.5", "Rocky Linux 9.5",
                                 "Rocky Linux 8.10"),
                      "build": _BUILDS},
            "fields": {
                "image_version": ("$ cat /etc/procomputers-release\n{value}",
                                  ("ProComputers {distro} release {build} (AWS Marketplace)",)),
                "instance_type": ("Instance type: {value}", ("m6i.large", "t3.medium", "c6a.xlarge",
                                                             "r6i.2xlarge", "m7i.2xlarge")),
                "region": ("Region: {value}", ("eu-west-1", "us-east-1", "eu-central-1",
                                               "ap-southeast-2", "us-west-2")),
                "account_id": ("AWS Account ID: {value}", ("483920174615", "102938475610",
                                                           "775301928346")),
            },
        },
        "azure": {
            "slots": {"distro": ("RHEL 9.5", "AlmaLinux 9.5", "Rocky Linux 8.10"),
                      "build": _BUILDS},
            "fields": {
                "image_version": ("$ cat /etc/procomputers-release\n{value}",
                                  ("ProComputers {distro} release {build} (Azure Marketplace)",)),
                "instance_type": ("VM size: {value}", ("Standard_D4s_v5", "Standard_B2ms",
                                                       "Standard_E8s_v5", "Standard_F4s_v2")),
                "region": ("Region: {value}", ("westeurope", "northeurope", "uksouth", "eastus2")),
                "account_id": ("Subscription ID: {value}",
                               ("3f2b8c1e-9a47-4d2e-b6f0-71c5d8e9a042",
                                "a81d4e2f-0c3b-4f6a-9e85-2b7d1c9f6e13")),
            },
        },
    },
}


# ---------------------------------------------------------------- what the desk writes back

REPLIES: tuple[str, ...] = (
    "Thank you for the details. We are looking into this now and will update you shortly.",
    ("We have reproduced the behaviour in our lab and are working on a fix; a workaround "
    "follows in our next update."),
    ("Thanks for reporting this. Could you confirm whether the problem persists after the "
    "steps below? We will keep the ticket open meanwhile."),
    ("We have identified the likely cause (a configuration default changed in the last "
    "update). Please try the attached procedure and let us know the result."),
)
INFO_REQUESTS: tuple[str, ...] = (
    ("Could you send us the full log from the time of the failure and the exact steps "
    "that lead to it?"),
    "Please run the diagnostic script from the knowledge base and attach its output.",
    "Could you grant us temporary SSH access to one affected machine?",
)
CUSTOMER_REPLIES: tuple[str, ...] = (
    "Here are the details you asked for. Logs attached.",
    "Access granted, the key is installed for the support user until Friday.",
    "We tried the workaround; it helps partially, the error still appears under load.",
    "Diagnostic output attached. Let us know if you need anything else.",
)
UPDATES: tuple[str, ...] = (
    "Status update: the fix is in testing; we expect to send you a patched package tomorrow.",
    "Status update: engineering has confirmed the root cause; workaround remains in place.",
)
ESCALATION_NOTES: tuple[str, ...] = (
    "Needs a senior engineer: behaviour does not match any known issue.",
    "Customer impact growing; second site affected. Escalating.",
    "Reproduced; root cause in the product, needs the next tier.",
)
RECLASSIFY_REASONS: tuple[tuple[str, str], ...] = (
    ("up", "Production impact confirmed by the customer: raised."),
    ("up", "More sites affected than first reported."),
    ("down", "Workaround in place, impact reduced: lowered."),
    ("down", "Turned out to be a question, not a fault."),
)
RESOLUTIONS: tuple[str, ...] = (
    "Fixed by the configuration change described above; customer confirmed.",
    "Resolved by the updated package; no recurrence in 48 hours.",
    "Answered; documentation link sent.",
    "Known issue, fixed in the next release; workaround applied.",
)
REJECT_NOTES: tuple[str, ...] = (
    "Explained why this is outside the support terms and pointed to the right channel.",
)
DUPLICATE_NOTE = "Same incident as reported earlier by a colleague; following up there."
WORKLOG_NOTES: tuple[str, ...] = (
    "Out-of-hours call with the customer's operations bridge; restarted the transfer service.",
    "Night shift: log analysis and vendor liaison.",
    "Remote session outside hours to restore the failed schedules.",
)
DEV_NOTE = "Needs a code change in the product: passed to the development team."
