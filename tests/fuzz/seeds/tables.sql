CREATE SCHEMA app;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN posint AS integer CHECK (VALUE > 0) DEFAULT 1;
create table t (id serial primary key, a int, b int, c text check (c <> ''), check (a > 0 and b > 0), check (a > 1), check (1 < 2),
  unique (a) include (b), unique(a), unique(a), d varchar(10) default 'x' check (d in ('a','b')), e int check (e between 1 and 10) default -1,
  m mood default 'ok', p posint, ts timestamptz default now(), n numeric(10,2), f float, ch char, arr text[][]);
create index on t (lower(c), a, (a+b), (c::text), (a), (b+1), (case when a>1 then 1 end));
create index on t (a) include (b);
create index on t (a) where a > 0 and (b is not null);
create table app."Order" (id bigint generated always as identity (start 10), t_id int references t, x int, y int, foreign key (x) references t (a) on delete cascade);
COMMENT ON TABLE t IS 'the t';
COMMENT ON COLUMN t.a IS 'col a';
