package desk

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/nianbao/nianbao/internal/infile"
	"github.com/nianbao/nianbao/internal/outfile"
	bolt "go.etcd.io/bbolt"
)

// Store is the year's folder: the uploads, the current workbooks and the database.
//
// bbolt rather than SQLite: the desk's data are a few hundred small records read and written
// by key, bbolt is pure Go, a fraction of modernc.org/sqlite's size and build time, and its
// single-writer transactions with an fsync per commit are exactly the durability asked for.
type Store struct {
	dir    string
	db     *bolt.DB
	key    []byte     // secret that links are derived from; never leaves .desk/key
	copyMu sync.Mutex // one copy into 已提交/ at a time, so that the latest wins
}

// Layout of the year's folder.
const (
	privateDir   = ".desk" // hidden, so that nianbao check/status on the folder skip it
	uploadsDir   = ".desk/uploads"
	outputsDir   = ".desk/outputs"
	incomingDir  = ".desk/incoming"
	keyFile      = ".desk/key"
	dbFile       = ".desk/desk.db"
	SubmittedDir = "已提交"      // the current workbook of every agency, for the command line
	AgencyList   = "机关名单.txt" // the agency list, as nianbao status --agencies reads it
)

// Buckets of the database.
var (
	bucketMeta     = []byte("meta")     // "schema" → version, "settings" → settingsRecord
	bucketAgencies = []byte("agencies") // id → agencyRecord
	bucketTokens   = []byte("tokens")   // sha256(token) → principal
	bucketSubs     = []byte("subs")     // id, seq → submissionRecord
	bucketNotes    = []byte("notes")    // id, seq → noteRecord
)

// ErrLocked is returned when another desk has the folder open.
var ErrLocked = errors.New("folder in use by another desk")

// ErrNotFound is a record that does not exist: an agency, a submission.
var ErrNotFound = errors.New("not found")

// ErrCorrupt is a record of the database that cannot be decoded: a damaged or foreign
// database, never mistaken for a missing record.
var ErrCorrupt = errors.New("database record cannot be decoded")

// ErrNewerSchema is a database written by a later version of the desk.
var ErrNewerSchema = errors.New("database written by a newer version")

// Settings are the year's settings.
type Settings struct {
	Year     int    // 0 until set: the desk shows last year
	Edition  string // "" for the edition that applies to the year
	Deadline string
	Contact  string
	Owner    string // the agency the roll-up is made in the name of
	// RequireApproval publishes only submissions the coordinator marked 已审核.
	RequireApproval bool
}

// Agency is one bureau of the list.
type Agency struct {
	ID      int
	Name    string
	Former  []string // earlier names, oldest first: renames keep the agency, its link and its record
	Gen     int      // generation of its link; reissuing a link makes a new one
	Revoked bool     // its link no longer opens anything
	Removed bool     // no longer on the list (archived)
	Subs    int      // number of uploads kept, accepted or refused
	Current int      // the seq of the current (accepted) submission; 0 for none
	Review  Review
}

// Decision is the coordinator's decision on the current submission: Approved, Returned, or
// "" while it waits (待审核).
func (a Agency) Decision() string {
	if a.Current != 0 && a.Review.Seq == a.Current {
		return a.Review.Decision
	}
	return ""
}

// Review is the coordinator's decision on a submission.
type Review struct {
	Seq      int    // the submission it is about
	Decision string // 已审核 or 退回
}

// Decisions the coordinator can take on a submission.
const (
	Approved = "已审核"
	Returned = "退回"
)

// Submission is one kept upload: accepted, or refused as not the agency's report of the year.
type Submission struct {
	Agency int
	Seq    int // 1, 2, … per agency
	Hash   string
	Size   int64
	Name   string // the file name the bureau's browser gave
	Time   time.Time
	// Refused says why the upload is not the agency's submission (another agency's or
	// another year's report); empty for an accepted one.
	Refused string
	// Acceptable marks a refusal the coordinator may overrule: only the agency's name is
	// off, and it is near the listed one.
	Acceptable bool
	// ByHand says the coordinator accepted the upload after it was refused.
	ByHand     bool
	Inspection Inspection
}

// State is what the machine found: 已拒收, or the outcome of the checks.
func (s Submission) State() State {
	if s.Refused != "" {
		return StateRefused
	}
	return s.Inspection.State
}

// Note is what the coordinator said about a submission.
type Note struct {
	Seq      int
	Time     time.Time
	Decision string
	Text     string
}

// Open opens the year's folder, creating it and its database when missing, and repairs
// what a crash can leave behind: temporary files, and current workbooks not yet copied.
func Open(dir string) (*Store, error) {
	// The private folder holds the secret key and every upload: the owner's alone, also
	// when an earlier version made it readable to others.
	if err := os.MkdirAll(filepath.Join(dir, privateDir), 0o700); err != nil {
		return nil, err
	}
	if err := os.Chmod(filepath.Join(dir, privateDir), 0o700); err != nil {
		return nil, err
	}
	for _, d := range []string{uploadsDir, outputsDir, incomingDir} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			return nil, err
		}
	}
	// The bureaus' workbooks are the owner's alone too, also when an earlier version made
	// them readable to every account of the computer.
	if err := privateFolder(filepath.Join(dir, SubmittedDir)); err != nil {
		return nil, err
	}
	key, err := loadKey(filepath.Join(dir, keyFile))
	if err != nil {
		return nil, err
	}
	db, err := bolt.Open(filepath.Join(dir, dbFile), 0o600, &bolt.Options{Timeout: time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("%s: %w", dir, ErrLocked)
	}
	if err != nil {
		return nil, err
	}
	s := &Store{dir: dir, db: db, key: key}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketMeta, bucketAgencies, bucketTokens, bucketSubs, bucketNotes} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		if err := migrate(tx); err != nil {
			return err
		}
		return s.rebuildTokens(tx)
	})
	if err == nil {
		err = s.repair()
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// privateFolder makes dir, and makes it and the files in it readable by the owner alone.
func privateFolder(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			if err := os.Chmod(filepath.Join(dir, e.Name()), 0o600); err != nil {
				return err
			}
		}
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Dir is the year's folder.
func (s *Store) Dir() string { return s.dir }

// loadKey reads the folder's secret, making one on first use.
func loadKey(path string) ([]byte, error) {
	key, err := infile.ReadFile(path, 64)
	if err == nil && len(key) == 32 {
		return key, nil
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	key = make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := writeKey(path, key); err != nil {
		return nil, err
	}
	return key, nil
}

// writeKey writes the secret key durably, its file readable by the owner alone from the
// first byte (writeDurably's files are world-readable until their final chmod).
func writeKey(path string, key []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".nianbao-*.tmp") // mode 0600
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after the rename, nothing
	if _, err := f.Write(key); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// writeDurably writes a file completely or not at all, and makes the write survive a crash:
// temporary file, fsync, rename, fsync of the directory.
func writeDurably(path string, mode os.FileMode, fill func(io.Writer) error) error {
	if err := outfile.Write(path, true, fill); err != nil {
		return err
	}
	if err := os.Chmod(path, mode); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// syncDir makes a rename or a new file in dir durable. Windows has no fsync of a directory
// (a directory opened for reading cannot be flushed); NTFS journals the change itself.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Tokens. A link carries a token derived from the folder's secret (256 bits from
// crypto/rand) by HMAC-SHA-256, cut to 144 bits: so the coordinator can print an agency's
// link again at any time, while the database holds only the tokens' SHA-256 hashes.
// Reissuing a link raises its generation; the old token's hash is deleted.
const tokenBytes = 18

func (s *Store) token(kind string, id, gen int) string {
	m := hmac.New(sha256.New, s.key)
	fmt.Fprintf(m, "%s:%d:%d", kind, id, gen)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:tokenBytes])
}

func (s *Store) coordinatorToken() string { return s.token("coordinator", 0, 0) }

func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// Principal is who a token belongs to.
type Principal struct {
	Coordinator bool
	Agency      int // when not the coordinator
}

// Resolve says whose token this is; ok is false for a token that is unknown or revoked.
func (s *Store) Resolve(token string) (p Principal, ok bool, err error) {
	if len(token) != base64.RawURLEncoding.EncodedLen(tokenBytes) {
		return p, false, nil
	}
	want := tokenHash(token)
	var who []byte
	err = s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketTokens).Cursor()
		// The lookup is by hash, so its timing says nothing about the token; the final
		// comparison is in constant time all the same.
		if k, v := c.Seek(want); k != nil && subtle.ConstantTimeCompare(k, want) == 1 {
			who = bytes.Clone(v)
		}
		return nil
	})
	switch {
	case err != nil:
		return p, false, err
	case who == nil:
		return p, false, nil
	case string(who) == "c":
		return Principal{Coordinator: true}, true, nil
	}
	var id int
	if _, err := fmt.Sscanf(string(who), "a:%d", &id); err != nil {
		return p, false, fmt.Errorf("token record %q: %w", who, ErrCorrupt)
	}
	return Principal{Agency: id}, true, nil
}

// CoordinatorToken is the token of the coordinator's pages.
func (s *Store) CoordinatorToken() string { return s.coordinatorToken() }

// AgencyToken is the token of an agency's link; ok is false when the link is revoked.
func (s *Store) AgencyToken(a Agency) (string, bool) {
	if a.Revoked || a.Removed {
		return "", false
	}
	return s.token("agency", a.ID, a.Gen), true
}

// Keys are big-endian so that a cursor walks them in order.
func idKey(id int) []byte { return binary.BigEndian.AppendUint64(nil, uint64(id)) }

func seqKey(id, seq int) []byte { return binary.BigEndian.AppendUint64(idKey(id), uint64(seq)) }

// Settings are the year's settings; Year is 0 until they are saved.
func (s *Store) Settings() (Settings, error) {
	var r settingsRecord
	err := s.db.View(func(tx *bolt.Tx) error { return get(tx.Bucket(bucketMeta), []byte("settings"), &r) })
	if errors.Is(err, ErrNotFound) {
		return Settings{}, nil
	}
	return r.settings(), err
}

// SaveSettings stores the year's settings.
func (s *Store) SaveSettings(st Settings) error {
	return s.db.Update(func(tx *bolt.Tx) error { return put(tx.Bucket(bucketMeta), []byte("settings"), settingsToRecord(st)) })
}

// allAgencies reads every agency record, listed or not.
func allAgencies(tx *bolt.Tx) ([]Agency, error) {
	var out []Agency
	err := tx.Bucket(bucketAgencies).ForEach(func(k, v []byte) error {
		var r agencyRecord
		if err := decode(k, v, &r); err != nil {
			return err
		}
		out = append(out, r.agency())
		return nil
	})
	return out, err
}

// SetAgencies makes the list of agencies the given names. renames, by agency id, give listed
// agencies their new names first: a renamed agency keeps its id, its link, its submissions
// and decisions, and remembers its former name. Then new names get a link, names no longer
// listed are removed (archived: their links stop working, their submissions are kept), and
// names listed again come back with a new link. The list is also written to 机关名单.txt.
func (s *Store) SetAgencies(names []string, renames map[int]string) error {
	var renamed []Agency
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAgencies)
		all, err := allAgencies(tx)
		if err != nil {
			return err
		}
		want := map[string]bool{}
		for _, n := range names {
			want[n] = true
		}
		have := map[string]bool{}
		renamed = renamed[:0]
		for _, a := range all {
			changed := false
			if to, ok := renames[a.ID]; ok && to != a.Name && !a.Removed {
				renamed = append(renamed, a) // its old name, to move its copy in 已提交
				a.Former = append(a.Former, a.Name)
				a.Name = to
				changed = true
			}
			have[a.Name] = true
			switch {
			case !want[a.Name] && !a.Removed:
				a.Removed = true
				if err := s.dropToken(tx, a); err != nil {
					return err
				}
			case want[a.Name] && a.Removed:
				a.Removed, a.Revoked = false, false
				a.Gen++
				if err := s.addToken(tx, a); err != nil {
					return err
				}
			case !changed:
				continue
			}
			if err := put(b, idKey(a.ID), agencyToRecord(a)); err != nil {
				return err
			}
		}
		next := len(all) + 1
		for _, n := range names {
			if have[n] {
				continue
			}
			have[n] = true
			a := Agency{ID: next, Name: n}
			next++
			if err := s.addToken(tx, a); err != nil {
				return err
			}
			if err := put(b, idKey(a.ID), agencyToRecord(a)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// A renamed agency's current workbook in 已提交 takes its new name.
	for _, old := range renamed {
		a, err := s.Agency(old.ID)
		if err != nil {
			return err
		}
		if err := s.copyLatest(a.ID); err != nil {
			return err
		}
		if s.CurrentPath(old) != s.CurrentPath(a) {
			if err := os.Remove(s.CurrentPath(old)); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	}
	return writeDurably(filepath.Join(s.dir, AgencyList), 0o644, func(w io.Writer) error {
		_, err := io.WriteString(w, strings.Join(names, "\r\n")+"\r\n")
		return err
	})
}

// rebuildTokens makes the token hashes those of the folder's key: the coordinator's and every
// working link's. They are derived data, so a new key (delete .desk/key) replaces every link.
func (s *Store) rebuildTokens(tx *bolt.Tx) error {
	if err := tx.DeleteBucket(bucketTokens); err != nil {
		return err
	}
	if _, err := tx.CreateBucket(bucketTokens); err != nil {
		return err
	}
	if err := tx.Bucket(bucketTokens).Put(tokenHash(s.coordinatorToken()), []byte("c")); err != nil {
		return err
	}
	all, err := allAgencies(tx)
	if err != nil {
		return err
	}
	for _, a := range all {
		if a.Revoked || a.Removed {
			continue
		}
		if err := s.addToken(tx, a); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) addToken(tx *bolt.Tx, a Agency) error {
	return tx.Bucket(bucketTokens).Put(tokenHash(s.token("agency", a.ID, a.Gen)), fmt.Appendf(nil, "a:%d", a.ID))
}

func (s *Store) dropToken(tx *bolt.Tx, a Agency) error {
	return tx.Bucket(bucketTokens).Delete(tokenHash(s.token("agency", a.ID, a.Gen)))
}

// Agencies are the agencies of the list, in the order they were added.
func (s *Store) Agencies() ([]Agency, error) { return s.agencies(false) }

// Archived are the agencies removed from the list, with their submissions still kept.
func (s *Store) Archived() ([]Agency, error) { return s.agencies(true) }

func (s *Store) agencies(removed bool) ([]Agency, error) {
	var out []Agency
	err := s.db.View(func(tx *bolt.Tx) error {
		all, err := allAgencies(tx)
		for _, a := range all {
			if a.Removed == removed {
				out = append(out, a)
			}
		}
		return err
	})
	return out, err
}

// Agency is the agency of the id, listed or not; ErrNotFound when there is none.
func (s *Store) Agency(id int) (a Agency, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		var r agencyRecord
		err := get(tx.Bucket(bucketAgencies), idKey(id), &r)
		a = r.agency()
		return err
	})
	return a, err
}

// updateAgency changes one agency in a transaction.
func (s *Store) updateAgency(id int, change func(tx *bolt.Tx, a *Agency) error) error {
	return s.db.Update(agencyTx(id, change))
}

// agencyTx is the transaction that changes one agency. It may run more than once (bbolt's
// Batch retries a batch's functions one by one when one fails), so change sets its results
// afresh on every run.
func agencyTx(id int, change func(tx *bolt.Tx, a *Agency) error) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		var r agencyRecord
		if err := get(tx.Bucket(bucketAgencies), idKey(id), &r); err != nil {
			return fmt.Errorf("agency %d: %w", id, err)
		}
		a := r.agency()
		if err := change(tx, &a); err != nil {
			return err
		}
		return put(tx.Bucket(bucketAgencies), idKey(id), agencyToRecord(a))
	}
}

// Revoke stops an agency's link from working.
func (s *Store) Revoke(id int) error {
	return s.updateAgency(id, func(tx *bolt.Tx, a *Agency) error {
		a.Revoked = true
		return s.dropToken(tx, *a)
	})
}

// Reissue gives an agency a new link; the old one stops working.
func (s *Store) Reissue(id int) error {
	return s.updateAgency(id, func(tx *bolt.Tx, a *Agency) error {
		if err := s.dropToken(tx, *a); err != nil {
			return err
		}
		a.Gen++
		a.Revoked = false
		return s.addToken(tx, *a)
	})
}

// Incoming is a received file waiting to be checked, in a directory of its own under
// .desk/incoming, named after the bureau's file name so that messages name it.
type Incoming struct {
	Path string
	Hash string
	Size int64
}

// ErrTooLarge is returned for an upload above the size limit.
var ErrTooLarge = errors.New("upload too large")

// Receive writes an upload into .desk/incoming, hashing it; at most limit bytes are read.
func (s *Store) Receive(r io.Reader, name string, limit int64) (in Incoming, err error) {
	dir, err := os.MkdirTemp(filepath.Join(s.dir, incomingDir), "")
	if err != nil {
		return in, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	base := outfile.SafeName(strings.TrimSuffix(name, filepath.Ext(name))) + ".xlsx"
	f, err := os.OpenFile(filepath.Join(dir, base), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return in, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, limit+1))
	if err != nil {
		return in, err
	}
	if n > limit {
		return in, ErrTooLarge
	}
	if err := f.Sync(); err != nil {
		return in, err
	}
	return Incoming{Path: f.Name(), Hash: hex.EncodeToString(h.Sum(nil)), Size: n}, nil
}

// KeepOriginal keeps a received file under its hash with the uploads, durably, without
// making it a submission: the Word document a submitted workbook was imported from.
func (s *Store) KeepOriginal(in Incoming) error {
	dst := s.UploadPath(in.Hash)
	if _, err := os.Stat(dst); err != nil {
		if err := os.Rename(in.Path, dst); err != nil {
			return err
		}
	}
	defer s.Discard(in)
	return syncDir(filepath.Dir(dst))
}

// Discard removes a received file that is not accepted.
func (s *Store) Discard(in Incoming) { os.RemoveAll(filepath.Dir(in.Path)) }

// Accept records a received, checked file as the agency's new submission: the file moves
// to its content hash (durably), then the submission log is committed, then the current
// workbook in 已提交/ is replaced. When Accept returns, the submission survives a crash.
// A new submission clears the coordinator's decision on the one before.
func (s *Store) Accept(agency int, in Incoming, name string, insp Inspection, now time.Time) (Submission, error) {
	return s.keep(agency, in, Submission{Name: name, Time: now, Inspection: insp})
}

// Refuse keeps a received file in the agency's history as refused, for the reason given: it
// does not become current, and the current submission and its decision stay. acceptable
// lets the coordinator accept it by hand (AcceptRefused).
func (s *Store) Refuse(agency int, in Incoming, name string, insp Inspection, reason string, acceptable bool, now time.Time) (Submission, error) {
	return s.keep(agency, in, Submission{Name: name, Time: now, Inspection: insp, Refused: reason, Acceptable: acceptable})
}

func (s *Store) keep(agency int, in Incoming, sub Submission) (Submission, error) {
	defer s.Discard(in)
	dst := s.UploadPath(in.Hash)
	if _, err := os.Stat(dst); err != nil {
		if err := os.Rename(in.Path, dst); err != nil {
			return Submission{}, err
		}
	}
	if err := syncDir(filepath.Dir(dst)); err != nil {
		return Submission{}, err
	}
	sub.Agency, sub.Hash, sub.Size = agency, in.Hash, in.Size
	// Uploads arriving together are committed together, with one fsync for the batch.
	err := s.db.Batch(agencyTx(agency, func(tx *bolt.Tx, ag *Agency) error {
		ag.Subs++
		sub.Seq = ag.Subs
		if sub.Refused == "" {
			ag.Current = sub.Seq
			ag.Review = Review{}
		}
		return put(tx.Bucket(bucketSubs), seqKey(agency, sub.Seq), submissionToRecord(sub))
	}))
	if err != nil {
		return Submission{}, err
	}
	if sub.Refused != "" {
		return sub, nil
	}
	return sub, s.copyLatest(agency)
}

// ErrNotAcceptable is an attempt to accept by hand an upload whose refusal cannot be
// overruled (another year's report, a name not near the agency's), or that was not refused.
var ErrNotAcceptable = errors.New("upload cannot be accepted by hand")

// AcceptRefused makes a refused upload the agency's current submission at the coordinator's
// word: the agency's name was written differently, and a person has confirmed it is the
// agency's report. Only the agency's latest upload can be accepted, so that an older one
// never replaces a newer submission.
func (s *Store) AcceptRefused(agency, seq int) error {
	err := s.updateAgency(agency, func(tx *bolt.Tx, a *Agency) error {
		var r submissionRecord
		if err := get(tx.Bucket(bucketSubs), seqKey(agency, seq), &r); err != nil {
			return err
		}
		if r.Refused == "" || !r.Acceptable || seq != a.Subs {
			return ErrNotAcceptable
		}
		r.Refused, r.Acceptable, r.ByHand = "", false, true
		a.Current, a.Review = seq, Review{}
		return put(tx.Bucket(bucketSubs), seqKey(agency, seq), r)
	})
	if err != nil {
		return err
	}
	return s.copyLatest(agency)
}

// copyLatest copies the agency's current submission into 已提交/. Two uploads of one agency
// accepted at once may finish their copies in either order; copying whatever is current at
// the time, one copy at a time, leaves the latest in place.
func (s *Store) copyLatest(id int) error {
	s.copyMu.Lock()
	defer s.copyMu.Unlock()
	a, err := s.Agency(id)
	if err != nil {
		return err
	}
	sub, ok, err := s.Current(a)
	if err != nil || !ok || hashOf(s.CurrentPath(a)) == sub.Hash {
		return err
	}
	return s.copyCurrent(a, sub)
}

// UploadPath is where an accepted upload is kept.
func (s *Store) UploadPath(hash string) string {
	return filepath.Join(s.dir, uploadsDir, hash+".xlsx")
}

// OutputPath is where an output of an accepted upload is cached: kind is annotated.xlsx,
// pdf or html.
func (s *Store) OutputPath(hash, kind string) string {
	return filepath.Join(s.dir, outputsDir, hash+"."+kind)
}

// CurrentPath is the agency's current workbook in 已提交/; the number keeps names distinct.
func (s *Store) CurrentPath(a Agency) string {
	return filepath.Join(s.dir, SubmittedDir, fmt.Sprintf("%03d %s.xlsx", a.ID, outfile.SafeName(a.Name)))
}

// copyCurrent makes 已提交/ hold the submission as the agency's current workbook.
func (s *Store) copyCurrent(a Agency, sub Submission) error {
	src, err := os.Open(s.UploadPath(sub.Hash))
	if err != nil {
		return err
	}
	defer src.Close()
	return writeDurably(s.CurrentPath(a), 0o600, func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	})
}

// Submissions are an agency's kept uploads, accepted or refused, oldest first.
func (s *Store) Submissions(agency int) ([]Submission, error) {
	var out []Submission
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketSubs).Cursor()
		prefix := idKey(agency)
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var r submissionRecord
			if err := decode(k, v, &r); err != nil {
				return err
			}
			out = append(out, r.submission())
		}
		return nil
	})
	return out, err
}

// Submission is one kept upload of an agency; ErrNotFound when there is none.
func (s *Store) Submission(agency, seq int) (sub Submission, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		var r submissionRecord
		err := get(tx.Bucket(bucketSubs), seqKey(agency, seq), &r)
		sub = r.submission()
		return err
	})
	return sub, err
}

// Current is an agency's current submission: its latest accepted one.
func (s *Store) Current(a Agency) (Submission, bool, error) {
	if a.Current == 0 {
		return Submission{}, false, nil
	}
	sub, err := s.Submission(a.ID, a.Current)
	return sub, err == nil, err
}

// ErrNotCurrent is a decision on a submission that is no longer the agency's current one.
var ErrNotCurrent = errors.New("submission no longer current")

// Decide records the coordinator's decision on the agency's submission seq, with a note the
// bureau sees. It refuses with ErrNotCurrent when seq is no longer the current submission, so
// a decision never lands on a submission the coordinator has not seen.
func (s *Store) Decide(agency, seq int, decision, text string, now time.Time) error {
	return s.updateAgency(agency, func(tx *bolt.Tx, a *Agency) error {
		if a.Current == 0 {
			return fmt.Errorf("agency %d has no submission: %w", agency, ErrNotFound)
		}
		if a.Current != seq {
			return fmt.Errorf("agency %d: decision on submission %d, current is %d: %w", agency, seq, a.Current, ErrNotCurrent)
		}
		a.Review = Review{Seq: a.Current, Decision: decision}
		b := tx.Bucket(bucketNotes)
		n, err := b.NextSequence()
		if err != nil {
			return err
		}
		return put(b, seqKey(agency, int(n)), noteRecord{Seq: a.Current, Time: now, Decision: decision, Text: text})
	})
}

// Notes are the coordinator's notes on an agency's submissions, oldest first.
func (s *Store) Notes(agency int) ([]Note, error) {
	var out []Note
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketNotes).Cursor()
		prefix := idKey(agency)
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var r noteRecord
			if err := decode(k, v, &r); err != nil {
				return err
			}
			out = append(out, r.note())
		}
		return nil
	})
	return out, err
}

// repair removes what a crash left half done: received files never accepted, and current
// workbooks in 已提交/ that are not the agency's latest submission. Outputs are dropped
// too: they are remade on demand, by this version of the program.
func (s *Store) repair() error {
	for _, d := range []string{incomingDir, outputsDir} {
		if err := os.RemoveAll(filepath.Join(s.dir, d)); err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(s.dir, d), 0o700); err != nil {
			return err
		}
	}
	// Temporary files of writes a crash cut short (outfile's, and Receive's in incoming).
	for _, d := range []string{".", SubmittedDir, privateDir} {
		tmps, _ := filepath.Glob(filepath.Join(s.dir, d, ".nianbao-*.tmp"))
		for _, tmp := range tmps {
			if err := os.Remove(tmp); err != nil {
				return err
			}
		}
	}
	agencies, err := s.Agencies()
	if err != nil {
		return err
	}
	for _, a := range agencies {
		if err := s.copyLatest(a.ID); err != nil {
			return err
		}
	}
	return nil
}

// hashOf is the SHA-256 of a file in hex, or "" when it cannot be read or is not a regular
// file (someone may have put anything in 已提交/).
func hashOf(path string) string {
	f, _, err := infile.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}
