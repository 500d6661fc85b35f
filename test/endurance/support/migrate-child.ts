// A genuine second process for the interrupted-upgrade test: opens an encrypted database
// and runs the real migrator over the real migrations, printing "migrating <n>" as each
// one starts and "done <version>" at the end. The test kills it with SIGKILL while one runs.
// The migrations are the registered ones, unchanged; the wrapper only announces them.
//
//   node --import tsx test/endurance/support/migrate-child.ts <database file>   (key in EDGE_NODE_TEST_DB_KEY, hex)
import { openEncryptedDatabase } from '../../../main/store/database';
import { migrate } from '../../../main/store/migrate';
import { migrations } from '../../../main/store/migrations';

const [file] = process.argv.slice(2);
const key = Buffer.from(process.env.EDGE_NODE_TEST_DB_KEY ?? '', 'hex');
const db = openEncryptedDatabase(file!, key);
key.fill(0);
const announced = migrations.map((m) => ({
  ...m,
  up(handle: Parameters<typeof m.up>[0]) {
    process.stdout.write(`migrating ${m.version}\n`);
    m.up(handle);
  },
}));
const version = migrate(db, announced);
db.close();
process.stdout.write(`done ${version}\n`);
