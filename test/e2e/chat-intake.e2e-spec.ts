import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ChatSimulator, chatSignature } from '@lien-thong/channels';
import { startApiTestApp, TestClock, type ApiTestApp } from '../support/api-test-app';
import { until } from '../support/until';

/**
 * Chat intake (issue 24) against the chat simulator (the city's Zalo Official Account): a user starts an
 * online filing by messages, gets its reference and key, the desk accepts it, and the user asks where it
 * stands, first as a filing, then as a dossier. Every message is handled once (the platform's retry gets
 * the same reply and files nothing more); an unsigned or malformed message is refused.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';

describe('chat intake: a filing started by messages, followed by messages', () => {
  const chat = new ChatSimulator('chat-token-e2e', 'chat-secret-e2e');
  const clock = new TestClock(Date.parse('2026-03-09T20:00:00+07:00')); // Monday evening
  let t: ApiTestApp;
  let webhook: string;
  const USER = 'zalo-user-84903000444';
  /** What the account answered the user's last message. */
  const says = async (text: string, messageId?: string): Promise<string> => {
    const status = await chat.userSays(USER, text, {
      phone: '0903000444',
      ...(messageId ? { messageId } : {}),
    });
    expect(status).toBe(200);
    const replies = chat.messagesTo(USER);
    return replies[replies.length - 1]!;
  };
  const filings = async () =>
    Number((await t.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM online_filings')).rows[0]!.n);
  /** The number the list in `reply` gives the line containing `text`. */
  const numberOf = (reply: string, text: string): string => {
    const line = reply.split('\n').find((l) => l.includes(text));
    expect(line).toBeDefined();
    return line!.split('.')[0]!;
  };

  beforeAll(async () => {
    process.env.LIEN_THONG_CHAT_URL = await chat.start();
    process.env.LIEN_THONG_CHAT_TOKEN = chat.token;
    process.env.LIEN_THONG_CHAT_SECRET = chat.secret;
    t = await startApiTestApp('e2e_chat_intake', { overrides: { seed: 'sample' }, clock, projections: true });
    await t.app.listen(0, '127.0.0.1');
    const port = ((t.app.getHttpServer() as Server).address() as AddressInfo).port;
    webhook = `http://127.0.0.1:${port}/channels/chat/zalo/events`;
    chat.deliverTo(webhook);
  });
  afterAll(async () => {
    await t?.close();
    await chat.stop();
    for (const name of ['LIEN_THONG_CHAT_URL', 'LIEN_THONG_CHAT_TOKEN', 'LIEN_THONG_CHAT_SECRET'])
      delete process.env[name];
  });

  it('files by messages, once, and answers where the filing and then the dossier stand', async () => {
    expect(await says('Xin chào')).toContain('Gửi NOP');
    const procedures = await says('Nộp hồ sơ');
    expect(procedures).toContain('Bạn muốn nộp hồ sơ thủ tục nào?');
    const units = await says(numberOf(procedures, '(1.001193)'));
    expect(units).toContain('Ủy ban nhân dân phường Sài Gòn');
    expect(await says('99')).toContain('Vui lòng trả lời một số từ 1 đến');
    expect(await says(numberOf(units, 'Ủy ban nhân dân phường Sài Gòn'))).toBe('Họ và tên người nộp hồ sơ?');
    expect(await says('Vũ Thị Zalo')).toContain('Số định danh');
    expect(await says('12')).toContain('6 đến 20');
    expect(await says('079190004444')).toBe('Địa chỉ liên hệ?');
    expect(await says('9 Hai Bà Trưng, phường Sài Gòn')).toContain('Trả lời DONG Y');
    const before = await filings();
    const filed = await says('Đồng ý', 'msg-confirm-1');
    const [, filingRef, lookupKey] =
      /(TT-\d{6}-[0-9A-Z]{8}), mã tra cứu ([0-9A-Z]{5}-[0-9A-Z]{5})/.exec(filed) ?? [];
    expect(filingRef).toBeDefined();
    expect(await filings()).toBe(before + 1);
    // The platform posts the same message again (it did not see our answer): the same reply, nothing filed.
    expect(await says('Đồng ý', 'msg-confirm-1')).toBe(filed);
    expect(await filings()).toBe(before + 1);

    // The desk sees it with the phone the user shared, and accepts it.
    const queue = await t
      .as('reception-officer', DESK, 'mot-cua')
      .get('/channels/online/filings')
      .expect(200);
    expect(
      (queue.body.items as { filingRef: string }[]).find((f) => f.filingRef === filingRef),
    ).toMatchObject({
      applicant: { fullName: 'Vũ Thị Zalo', idNumber: '079190004444', phone: '0903000444' },
    });
    expect(await says(`TRACUU ${filingRef} ${lookupKey}`)).toContain('đang chờ bộ phận một cửa kiểm tra');
    const accepted = await t
      .as('reception-officer', DESK, 'mot-cua')
      .post(`/channels/online/filings/${filingRef}/accept`)
      .send({ stepOwners: { 'register-residence': POLICE } })
      .expect(201);
    const code = accepted.body.dossierCode as string;
    // The desk's decision comes to the user in the chat, once.
    const told = `Hồ sơ trực tuyến ${filingRef} đã được tiếp nhận, mã hồ sơ ${code}.`;
    await until('the decision told in the chat', () =>
      chat.messagesTo(USER).some((m) => m.startsWith(told)) ? true : undefined,
    );
    expect(await says(`tra cứu ${filingRef} ${lookupKey}`)).toContain(`đã được tiếp nhận, mã hồ sơ ${code}`);
    await t.settle();
    expect(await says(`TRACUU ${code} ${lookupKey}`)).toMatch(
      new RegExp(`^Hồ sơ ${code.replace(/\./g, '\\.')}: `),
    );
    expect(await says(`TRACUU ${code} AAAAA-AAAAA`)).toContain('Không tìm thấy');
    expect(await says('HUY')).toContain('Đã hủy');
    expect(chat.messagesTo(USER).filter((m) => m.startsWith(told))).toHaveLength(1);
  });

  it('refuses a message without the shared secret’s signature, or malformed, and answers nothing', async () => {
    const body = JSON.stringify({ messageId: 'm-x', userId: 'intruder', text: 'NOP' });
    const unsigned = await fetch(webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);
    const forged = await fetch(webhook, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-chat-signature': chatSignature('not-the-secret', body),
      },
      body,
    });
    expect(forged.status).toBe(401);
    const malformed = JSON.stringify({ messageId: 'm-y', userId: 'u', text: 42 });
    const bad = await fetch(webhook, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-chat-signature': chatSignature(chat.secret, malformed),
      },
      body: malformed,
    });
    expect([bad.status, ((await bad.json()) as { code: string }).code]).toEqual([
      400,
      'CHAT_MESSAGE_INVALID',
    ]);
    expect(chat.messagesTo('intruder')).toEqual([]);
  });
});
